package dev.imagescan.functions.api;

import dev.imagescan.store.StoreKeys;

/** Checks of path parameters: a malformed one is a 400 naming what was expected. */
final class Paths {
    private Paths() {}

    /** {@code digest} if it is {@code sha256:<64 hex>} or {@code sha512:<128 hex>}. */
    static String digest(String digest) {
        try {
            return StoreKeys.requireDigest("image digest", digest);
        } catch (IllegalArgumentException e) {
            throw ApiException.badRequest(e.getMessage());
        }
    }

    /** {@code id} if it can be a scan id. */
    static String scanId(String id) {
        try {
            return StoreKeys.requireId("scan id", id);
        } catch (IllegalArgumentException e) {
            throw ApiException.badRequest(e.getMessage());
        }
    }
}
