package dev.imagescan.testing;

/** What the writers need of a layer, whether it is in memory ({@link BuiltLayer}) or in a file. */
interface LayerData {
    String digest();

    String diffId();

    String mediaType();

    long size();

    Compression compression();

    long uncompressedSize();

    /** The blob as stored in an OCI layout. */
    Content blobContent();

    /** The uncompressed tar, as stored in a docker archive. */
    Content uncompressedContent();
}
