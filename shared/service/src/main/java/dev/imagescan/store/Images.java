package dev.imagescan.store;

import java.util.Optional;
import java.util.function.UnaryOperator;

/** The table's images: read, write conditionally on their revision, list. */
public interface Images {
    /** How many times {@link #update} reads and writes again after losing a race. */
    int MAX_UPDATE_ATTEMPTS = 50;
    /** The most images one {@link #list} page holds. */
    int MAX_PAGE_SIZE = 1000;

    /** The image as stored now (a strongly consistent read), empty if it is not stored. */
    Optional<ImageRecord> get(String digest);

    /**
     * Stores {@code image} if the stored revision is still {@code image.revision()} (or, for revision 0, if the
     * image is not stored) and returns it at its new revision.
     *
     * @throws ConditionFailedException when someone else stored the image since it was read
     */
    ImageRecord save(ImageRecord image);

    /**
     * Reads the image (or {@link ImageRecord#of} a new one), applies {@code change} and saves the result, again
     * from the read while another writer wins in between; returns what was stored. {@code change} may run several
     * times, so it must have no side effects. A change that returns its input unchanged writes nothing.
     *
     * @throws ConditionFailedException after {@link #MAX_UPDATE_ATTEMPTS} lost races
     */
    default ImageRecord update(String digest, UnaryOperator<ImageRecord> change) {
        ConditionFailedException lost = null;
        for (int attempt = 0; attempt < MAX_UPDATE_ATTEMPTS; attempt++) {
            ImageRecord current = get(digest).orElseGet(() -> ImageRecord.of(digest));
            ImageRecord next = change.apply(current);
            if (!next.digest().equals(digest)) {
                throw new IllegalArgumentException("an update of " + digest + " returned image " + next.digest());
            }
            next = next.atRevision(current.revision());
            if (next.equals(current)) {
                return current;
            }
            try {
                return save(next);
            } catch (ConditionFailedException e) {
                lost = e;
                Backoff.pause(attempt);
            }
        }
        throw new ConditionFailedException("image " + digest + ": " + MAX_UPDATE_ATTEMPTS
                + " concurrent writes won over this update", lost);
    }

    /**
     * One page of every stored image, in no particular order. Listings may lag a write by a moment (they read an
     * index that is updated after the image).
     *
     * @param pageSize  1 to {@link #MAX_PAGE_SIZE}
     * @param pageToken null for the first page, else a {@link Page#nextToken()} from this listing
     * @throws IllegalArgumentException when {@code pageToken} is not one this listing gave
     */
    Page<ImageRecord> list(int pageSize, String pageToken);
}
