package dev.imagescan.scan;

import java.io.IOException;
import java.io.InputStream;
import java.util.Optional;

/**
 * Where what was kept of each layer is stored between scans ("index once, match often"): one entry per layer diffID
 * and analyzer key ({@link AnalyzerKey}), so a layer already read for the same analyzers, in this image or any
 * other sharing it, is not read again. An entry is opaque bytes in the format of
 * {@link dev.imagescan.layer.LayerContentsCodec} ({@code docs/layer-cache.md}); the scanner encodes, decodes and
 * verifies it, so an implementation only moves bytes (a directory, an S3 bucket, memory).
 *
 * <p>Beside the entries, a cache may keep a <em>blob index</em>: which diffID each compressed layer blob (by its
 * digest) was verified to decompress to, recorded after a read that checked both digests. The scanner asks it before
 * using an entry: a blob recorded under another diffID than the image config names is treated as unknown and read
 * again (never trust a wrong mapping). A cache without one keeps the defaults (nothing recorded, nothing found).
 *
 * <p>Implementations are thread-safe (layers are read in parallel). A failing or corrupt cache never fails a scan:
 * the scanner reports it to the {@link ScanListener} and reads the layer.
 */
public interface LayerCache {

    /** Opens the entry for {@code diffId} ({@code sha256:…}) and {@code analyzerKey}, if there is one. */
    Optional<InputStream> find(String diffId, String analyzerKey) throws IOException;

    /** Stores {@code entry} for {@code diffId} and {@code analyzerKey}, replacing any entry there, all or nothing. */
    void store(String diffId, String analyzerKey, Entry entry) throws IOException;

    /**
     * The diffID recorded for the compressed layer blob {@code blobDigest} ({@code sha256:…}), if the blob index has
     * it. What it returns is a claim to check, not a fact: the scanner compares it with the image config.
     */
    default Optional<String> diffIdOfBlob(String blobDigest) throws IOException {
        return Optional.empty();
    }

    /**
     * Records in the blob index that the blob {@code blobDigest} decompresses to {@code diffId}, replacing what was
     * recorded; called only after a read verified both digests.
     */
    default void recordBlob(String blobDigest, String diffId) throws IOException {
        // no blob index
    }

    /** An encoded entry to store: its length, and its bytes, which can be read as many times as needed (retries). */
    interface Entry {
        long length();

        InputStream open() throws IOException;
    }
}
