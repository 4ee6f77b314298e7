package dev.imagescan.store;

import java.util.List;

/**
 * A registry's own listing of its repositories and images, where it has one the sweep may use: ECR's
 * {@code DescribeRepositories} and {@code DescribeImages} (the adapter is {@code store.aws.EcrCatalog}). Registries it
 * does not list are swept through the Distribution API's tags list instead.
 */
public interface RegistryCatalog {
    /** Lists nothing: every registry is swept through its tags list. */
    RegistryCatalog NONE = new RegistryCatalog() {
        @Override
        public boolean lists(String registry) {
            return false;
        }

        @Override
        public List<String> repositories(String registry, int max) {
            throw new UnsupportedOperationException("no catalog");
        }

        @Override
        public List<ListedImage> images(String registry, String repository, int max) {
            throw new UnsupportedOperationException("no catalog");
        }
    };

    /** Whether this catalog lists {@code registry} ({@code host[:port]}). */
    boolean lists(String registry);

    /**
     * The first {@code max} repositories of {@code registry}, every page read.
     *
     * @throws dev.imagescan.registry.RegistryException when the registry's owner refuses (access denied)
     * @throws StoreException                            when it could not be asked (may pass later)
     */
    List<String> repositories(String registry, int max);

    /** The first {@code max} images of {@code repository} in {@code registry}, every page read. */
    List<ListedImage> images(String registry, String repository, int max);

    /**
     * One image a catalog lists.
     *
     * @param digest its manifest (or index) digest
     * @param tags   its tags, empty when it has none
     */
    record ListedImage(String digest, List<String> tags) {
        public ListedImage {
            StoreKeys.requireDigest("image digest", digest);
            tags = List.copyOf(tags);
        }
    }
}
