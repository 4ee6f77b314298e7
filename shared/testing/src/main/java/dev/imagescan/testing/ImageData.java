package dev.imagescan.testing;

import java.util.List;

/** What the writers need of a single-platform image, in memory ({@link BuiltImage}) or file-backed. */
interface ImageData {
    List<? extends LayerData> layerData();

    byte[] config();

    String configDigest();

    byte[] manifest();

    String manifestDigest();

    String manifestMediaType();

    Platform platform();

    List<String> repoTags();

    /** {@code org.opencontainers.image.ref.name} for index.json, or null. */
    String refName();
}
