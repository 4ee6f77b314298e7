package dev.imagescan.scan;

import dev.imagescan.analyzer.PackageAnalyzer;
import dev.imagescan.image.Digest;
import dev.imagescan.layer.FileRequest;
import dev.imagescan.layer.LayerContentsCodec;
import dev.imagescan.layer.LayerReader;
import java.nio.charset.StandardCharsets;
import java.util.HexFormat;
import java.util.List;

/**
 * The analyzer key of layer cache entries: what, besides the layer's bytes, decides what a layer read keeps. It is the
 * first 16 hex digits of the SHA-256 of a canonical text naming the entry format version, the layer rules version
 * ({@link LayerReader#RULES_VERSION}), the OS detector's version, each package analyzer's name and version, and each
 * file request (kind, path or pattern label, size cap), in order. Any change there gives another key, so stale
 * entries are never found. A request's name filter is code: its analyzer's version covers it.
 */
public final class AnalyzerKey {
    private AnalyzerKey() {}

    /** The key for a scan with these analyzers and file requests. */
    public static String of(int osDetectorVersion, List<PackageAnalyzer> analyzers, List<FileRequest> requests) {
        return hash(canonical(osDetectorVersion, analyzers, requests));
    }

    /** The text the key hashes, for logs and docs. */
    public static String canonical(int osDetectorVersion, List<PackageAnalyzer> analyzers, List<FileRequest> requests) {
        StringBuilder text = new StringBuilder("imagescan layer cache\n")
                .append("format ").append(LayerContentsCodec.VERSION).append('\n')
                .append("layer-rules ").append(LayerReader.RULES_VERSION).append('\n')
                .append("os ").append(osDetectorVersion).append('\n');
        for (PackageAnalyzer a : analyzers) {
            text.append("analyzer ").append(a.name()).append(' ').append(a.version()).append('\n');
        }
        appendRequests(text, requests);
        return text.toString();
    }

    /**
     * The key of a second, narrower read of a layer for {@code missing} alone (paths learnt from links in other
     * layers): the scan's key and those requests, a directory request with the scan request whose name filter it
     * carries. Null when a directory request carries a filter no scan request has (it cannot be named, so it is not
     * cached).
     */
    static String narrow(String key, List<FileRequest> missing, List<FileRequest> scanRequests) {
        StringBuilder text = new StringBuilder(key).append('\n');
        for (FileRequest r : missing) {
            appendRequest(text, r);
            if (r.isDirectory()) {
                FileRequest origin = scanRequests.stream()
                        .filter(o -> o.isDirectory() && o.names() == r.names())
                        .findFirst()
                        .orElse(null);
                if (origin == null) {
                    return null;
                }
                text.append(" names-of ").append(origin.path());
            }
            text.append('\n');
        }
        return key + "-" + hash(text.toString());
    }

    private static void appendRequests(StringBuilder text, List<FileRequest> requests) {
        for (FileRequest r : requests) {
            appendRequest(text, r);
            text.append('\n');
        }
    }

    private static void appendRequest(StringBuilder text, FileRequest r) {
        String kind = r.isPattern() ? (r.reducer() == null ? "matching " : "reduced ") : r.isDirectory() ? "files-in "
                : "file ";
        text.append(kind).append(r.maxBytes()).append(' ').append(r.path());
    }

    private static String hash(String text) {
        byte[] sha = Digest.newHasher("sha256").digest(text.getBytes(StandardCharsets.UTF_8));
        return HexFormat.of().formatHex(sha, 0, 8);
    }
}
