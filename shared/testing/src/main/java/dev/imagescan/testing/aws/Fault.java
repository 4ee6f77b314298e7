package dev.imagescan.testing.aws;

import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Locale;

/**
 * A failure a {@link FaultProxy} answers in place of the service, with the status, headers and body the real service
 * sends for it, so the SDK classifies it as it would in AWS (a 5xx, or a throttling error code) and retries it as it
 * would. Each fault belongs to one service's protocol: S3's REST XML (no body for a HEAD), DynamoDB's JSON 1.0
 * ({@code __type}), SQS's JSON 1.0 as the SDK speaks it since 2.21 (the AWS common error codes).
 *
 * <p>{@link #S3_INTERNAL_ERROR_AFTER_WRITE} and {@link #DYNAMODB_INTERNAL_ERROR_AFTER_WRITE} are the ambiguous kind:
 * the request reaches the server and is carried out, and only its answer is replaced by the 500 (as when a service
 * fails after committing); the SDK then retries a request that already took effect.
 */
public enum Fault {
    S3_INTERNAL_ERROR(FaultProxy.Service.S3, 500, "InternalError",
            "We encountered an internal error. Please try again.", false),
    S3_SLOW_DOWN(FaultProxy.Service.S3, 503, "SlowDown", "Please reduce your request rate.", false),
    S3_INTERNAL_ERROR_AFTER_WRITE(FaultProxy.Service.S3, 500, "InternalError",
            "We encountered an internal error. Please try again.", true),
    DYNAMODB_INTERNAL_ERROR(FaultProxy.Service.DYNAMODB, 500, "com.amazonaws.dynamodb.v20120810#InternalServerError",
            "Internal server error", false),
    DYNAMODB_THROUGHPUT_EXCEEDED(FaultProxy.Service.DYNAMODB, 400,
            "com.amazonaws.dynamodb.v20120810#ProvisionedThroughputExceededException",
            "The level of configured provisioned throughput for the table was exceeded. Consider increasing your"
                    + " provisioning level with the UpdateTable API.", false),
    DYNAMODB_THROTTLING(FaultProxy.Service.DYNAMODB, 400, "com.amazon.coral.availability#ThrottlingException",
            "Rate of requests exceeds the allowed throughput.", false),
    DYNAMODB_INTERNAL_ERROR_AFTER_WRITE(FaultProxy.Service.DYNAMODB, 500,
            "com.amazonaws.dynamodb.v20120810#InternalServerError", "Internal server error", true),
    SQS_INTERNAL_ERROR(FaultProxy.Service.SQS, 500, "com.amazonaws.sqs#InternalFailure",
            "The request processing has failed because of an unknown error, exception or failure.", false),
    SQS_THROTTLING(FaultProxy.Service.SQS, 400, "com.amazonaws.sqs#ThrottlingException",
            "Rate exceeded", false);

    private final FaultProxy.Service service;
    private final int status;
    private final String code;
    private final String message;
    private final boolean afterWrite;

    Fault(FaultProxy.Service service, int status, String code, String message, boolean afterWrite) {
        this.service = service;
        this.status = status;
        this.code = code;
        this.message = message;
        this.afterWrite = afterWrite;
    }

    /** The service whose protocol this fault speaks. */
    public FaultProxy.Service service() {
        return service;
    }

    /** The HTTP status. */
    public int status() {
        return status;
    }

    /** Whether the request is carried out before its answer is replaced (an ambiguous failure). */
    public boolean afterWrite() {
        return afterWrite;
    }

    /** The kinds of {@code service}, ambiguous ones included. */
    public static List<Fault> of(FaultProxy.Service service) {
        return List.of(values()).stream().filter(f -> f.service == service).toList();
    }

    /** A short name for reports: {@code s3 503 SlowDown}, {@code dynamodb 400 ThrottlingException}. */
    public String label() {
        String shortCode = code.substring(code.indexOf('#') + 1);
        return service.name().toLowerCase(Locale.ROOT) + " " + status + " " + shortCode
                + (afterWrite ? " (after the write)" : "");
    }

    /** The whole HTTP/1.1 response, closing the connection as a server that failed may. */
    byte[] response(String method, String requestId) {
        byte[] body = body(method, requestId);
        StringBuilder head = new StringBuilder("HTTP/1.1 ").append(status).append(' ').append(reason()).append("\r\n");
        switch (service) {
            case S3 -> head.append("Content-Type: application/xml\r\nx-amz-request-id: ").append(requestId)
                    .append("\r\nx-amz-id-2: ").append(requestId).append("\r\n");
            case DYNAMODB -> head.append("Content-Type: application/x-amz-json-1.0\r\nx-amzn-RequestId: ")
                    .append(requestId).append("\r\n");
            case SQS -> head.append("Content-Type: application/x-amz-json-1.0\r\nx-amzn-RequestId: ")
                    .append(requestId).append("\r\n");
            default -> throw new IllegalStateException(service.name());
        }
        head.append("Content-Length: ").append(body.length).append("\r\nConnection: close\r\n\r\n");
        byte[] headBytes = head.toString().getBytes(StandardCharsets.US_ASCII);
        byte[] all = new byte[headBytes.length + body.length];
        System.arraycopy(headBytes, 0, all, 0, headBytes.length);
        System.arraycopy(body, 0, all, headBytes.length, body.length);
        return all;
    }

    private byte[] body(String method, String requestId) {
        if (service == FaultProxy.Service.S3) {
            if ("HEAD".equals(method)) {
                return new byte[0]; // S3 answers a HEAD with the status alone
            }
            return ("<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n<Error><Code>" + code + "</Code><Message>" + message
                    + "</Message><RequestId>" + requestId + "</RequestId><HostId>" + requestId
                    + "</HostId></Error>").getBytes(StandardCharsets.UTF_8);
        }
        return ("{\"__type\":\"" + code + "\",\"message\":\"" + message + "\"}").getBytes(StandardCharsets.UTF_8);
    }

    private String reason() {
        return switch (status) {
            case 400 -> "Bad Request";
            case 500 -> "Internal Server Error";
            case 503 -> "Slow Down";
            default -> "Error";
        };
    }
}
