package dev.imagescan.store;

/**
 * A conditional write did not happen because its condition did not hold: another writer won the race (a newer
 * revision, a claim held by someone else, an object that already exists) or the item is not in a state that allows
 * the change (a scan that is already DONE). Nothing was written. The service did not fail; reading again and
 * deciding again is the normal reaction.
 */
public final class ConditionFailedException extends StoreException {
    private static final long serialVersionUID = 1L;

    public ConditionFailedException(String message) {
        super(message, null, false);
    }

    public ConditionFailedException(String message, Throwable cause) {
        super(message, cause, false);
    }
}
