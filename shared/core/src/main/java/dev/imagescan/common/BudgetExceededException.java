package dev.imagescan.common;

/**
 * A scan went past its per-image budget (uncompressed bytes or time): a decompression bomb spread over layers, a blob
 * listed many times, a chain of links, or an image simply too large for the budget it was given. Not retried: the
 * same image fails the same way with the same budget.
 */
public class BudgetExceededException extends ImageScanException {
    private static final long serialVersionUID = 1L;

    public BudgetExceededException(String message) {
        super(message);
    }
}
