package dev.imagescan.store.memory;

import dev.imagescan.store.ConditionFailedException;
import dev.imagescan.store.ImageRecord;
import dev.imagescan.store.Images;
import dev.imagescan.store.Page;
import dev.imagescan.store.PageTokens;
import dev.imagescan.store.StoreKeys;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.NavigableMap;
import java.util.Optional;
import java.util.TreeMap;

/**
 * Images in memory: a save is taken only at the stored revision (absent for revision 0), as DynamoDB's
 * {@code revision = :read} / {@code attribute_not_exists(pk)} conditions take it; listings run in digest order with
 * page tokens that name the last digest given.
 */
final class InMemoryImages implements Images {
    private static final String TOKEN_KIND = "mi1";
    private static final String TOKEN_SCOPE = "images";

    private final NavigableMap<String, ImageRecord> images = new TreeMap<>();

    @Override
    public synchronized Optional<ImageRecord> get(String digest) {
        StoreKeys.requireDigest("image digest", digest);
        return Optional.ofNullable(images.get(digest));
    }

    @Override
    public synchronized ImageRecord save(ImageRecord image) {
        ImageRecord stored = images.get(image.digest());
        long storedRevision = stored == null ? 0 : stored.revision();
        if (storedRevision != image.revision()) {
            throw new ConditionFailedException("image " + image.digest() + " at revision " + image.revision()
                    + ": the condition of the write did not hold (it is at revision " + storedRevision + ")");
        }
        ImageRecord next = image.atRevision(image.revision() + 1);
        images.put(image.digest(), next);
        return next;
    }

    @Override
    public synchronized Page<ImageRecord> list(int pageSize, String pageToken) {
        if (pageSize < 1 || pageSize > MAX_PAGE_SIZE) {
            throw new IllegalArgumentException("page size must be 1 to " + MAX_PAGE_SIZE + ", not " + pageSize);
        }
        NavigableMap<String, ImageRecord> rest = images;
        if (pageToken != null) {
            String after = PageToken.decode(pageToken, TOKEN_KIND, TOKEN_SCOPE);
            try {
                StoreKeys.requireDigest("digest", after);
            } catch (IllegalArgumentException e) {
                throw PageTokens.malformed("its digest is not one", e);
            }
            rest = images.tailMap(after, false);
        }
        List<ImageRecord> items = new ArrayList<>(Math.min(pageSize, 64));
        for (Map.Entry<String, ImageRecord> entry : rest.entrySet()) {
            if (items.size() == pageSize) {
                return new Page<>(items, PageToken.encode(TOKEN_KIND, TOKEN_SCOPE, items.get(pageSize - 1).digest()));
            }
            items.add(entry.getValue());
        }
        return new Page<>(items, null);
    }
}
