package dev.imagescan.store;

/**
 * A storage service failed or answered something the store cannot use (after the client's own retries): the
 * operation's outcome is unknown or negative for a reason that is not the caller's data. Two subclasses are
 * expected outcomes, not failures: {@link ConditionFailedException} (a conditional write lost: someone else won, or
 * the item is not in the state the write requires) and {@link NotFoundException}. Catch those first.
 */
public class StoreException extends RuntimeException {
    private static final long serialVersionUID = 1L;

    private final boolean retryable;

    public StoreException(String message, Throwable cause) {
        this(message, cause, false);
    }

    /**
     * @param retryable whether the same call may succeed later unchanged (throttling, a timeout, a 5xx answer)
     */
    public StoreException(String message, Throwable cause, boolean retryable) {
        super(message, cause);
        this.retryable = retryable;
    }

    /** Whether the same call may succeed later unchanged: throttling, a timeout, a server error. */
    public boolean retryable() {
        return retryable;
    }
}
