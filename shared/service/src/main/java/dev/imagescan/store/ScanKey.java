package dev.imagescan.store;

/**
 * What makes two scans the same work: the same image matched against the same database by the same analyzers. A
 * {@link ScanClaims claim} on a key lets exactly one worker do that work.
 */
public record ScanKey(String imageDigest, String dbVersion, String analyzerKey) {
    public ScanKey {
        StoreKeys.requireDigest("image digest", imageDigest);
        StoreKeys.requireVersion("database version", dbVersion);
        StoreKeys.requireVersion("analyzer key", analyzerKey);
    }

    /** For messages: {@code <digest> / db <version> / analyzers <key>}. */
    public String describe() {
        return imageDigest + " / db " + dbVersion + " / analyzers " + analyzerKey;
    }
}
