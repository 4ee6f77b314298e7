package dev.imagescan.layer;

/**
 * Bounds on what reading one layer may cost, against decompression bombs and lying archives.
 *
 * @param maxUncompressedBytes the most bytes a layer may decompress to
 * @param maxRatio             the most uncompressed bytes per compressed byte, checked once past {@code ratioFloor}
 * @param ratioFloor           below this many uncompressed bytes the ratio is not checked
 * @param inMemoryBytes        kept files up to this size stay in memory; larger ones go to the scratch space
 */
public record LayerLimits(long maxUncompressedBytes, long maxRatio, long ratioFloor, long inMemoryBytes) {
    /** 16 GiB per layer, 1:2000 (gzip cannot exceed about 1:1032) past 64 MiB, files over 4 MiB spooled. */
    public static final LayerLimits DEFAULT = new LayerLimits(16L << 30, 2000, 64L << 20, 4L << 20);

    public LayerLimits {
        if (maxUncompressedBytes <= 0 || maxRatio <= 0 || ratioFloor < 0 || inMemoryBytes < 0) {
            throw new IllegalArgumentException("layer limits must be positive");
        }
    }

    public LayerLimits withMaxUncompressedBytes(long bytes) {
        return new LayerLimits(bytes, maxRatio, ratioFloor, inMemoryBytes);
    }
}
