package dev.imagescan.store.aws;

import dev.imagescan.store.StoreException;
import software.amazon.awssdk.awscore.exception.AwsServiceException;
import software.amazon.awssdk.core.exception.SdkException;

/** Turns SDK exceptions into {@link StoreException}s that say what was being done. */
final class AwsErrors {
    private AwsErrors() {}

    /** A failure of {@code what}: retryable when the SDK says so, or for throttling and server errors. */
    static StoreException failure(String what, SdkException e) {
        return new StoreException(what + " failed: " + describe(e), e, retryable(e));
    }

    static boolean retryable(SdkException e) {
        if (e.retryable()) {
            return true;
        }
        if (e instanceof AwsServiceException service) {
            return service.isThrottlingException() || service.statusCode() >= 500;
        }
        return false;
    }

    /** The service's error code, or empty for a client-side failure. */
    static String code(SdkException e) {
        if (e instanceof AwsServiceException service && service.awsErrorDetails() != null) {
            String code = service.awsErrorDetails().errorCode();
            return code == null ? "" : code;
        }
        return "";
    }

    /** The HTTP status of a service error, 0 for a client-side failure. */
    static int status(SdkException e) {
        return e instanceof AwsServiceException service ? service.statusCode() : 0;
    }

    static String describe(SdkException e) {
        if (e instanceof AwsServiceException service && service.awsErrorDetails() != null) {
            String message = service.awsErrorDetails().errorMessage();
            return service.statusCode() + " " + code(e) + (message == null ? "" : ": " + message);
        }
        String message = e.getMessage();
        return message == null ? e.getClass().getSimpleName() : message;
    }
}
