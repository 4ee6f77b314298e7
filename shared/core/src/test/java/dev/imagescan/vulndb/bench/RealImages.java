package dev.imagescan.vulndb.bench;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The package lists of three real images, for {@link MatchBenchmark}'s realistic inventories and for the advisories
 * {@link OsvCorpusGenerator} writes about their packages: Debian 12 and Alpine 3.20.3 (the bundled test images' lists
 * in shared/testing, {@code images/*.tsv}) and Oracle Linux 9.2 for the rpm family ({@code oraclelinux-9.2.tsv} beside
 * this class; its README cites the source).
 */
public final class RealImages {
    private RealImages() {}

    /** One installed package as the lists give it; the source name and version are what Debian advisories name. */
    public record Installed(String name, String version, String sourceName, String sourceVersion, String arch) {}

    /** The image of a family: Debian 12 for Debian and Ubuntu, Alpine 3.20.3, Oracle Linux 9.2 for the rpm ones. */
    public static List<Installed> of(OsvCorpusGenerator.Family family) {
        return switch (family) {
            case DEBIAN, UBUNTU -> read("/images/debian-bookworm-trimmed.tsv");
            case ALPINE -> read("/images/alpine-3.20.3.tsv");
            case RED_HAT, ROCKY, ALMA -> read("/dev/imagescan/vulndb/bench/oraclelinux-9.2.tsv");
        };
    }

    /**
     * The installed version of each name an advisory of the family would file the image's packages under: Debian's
     * source packages at their source version; Alpine's origins and rpm's binary packages at the package's version,
     * and rpm's source packages (which Red Hat's entries may name) at the version of their first binary.
     */
    public static Map<String, String> advisedVersions(OsvCorpusGenerator.Family family) {
        Map<String, String> versions = new LinkedHashMap<>();
        for (Installed p : of(family)) {
            switch (family) {
                case DEBIAN, UBUNTU -> versions.putIfAbsent(p.sourceName(), p.sourceVersion());
                case ALPINE -> versions.putIfAbsent(p.sourceName(), p.version());
                case RED_HAT, ROCKY, ALMA -> versions.put(p.name(), p.version());
            }
        }
        if (family == OsvCorpusGenerator.Family.RED_HAT || family == OsvCorpusGenerator.Family.ROCKY
                || family == OsvCorpusGenerator.Family.ALMA) {
            for (Installed p : of(family)) {
                versions.putIfAbsent(p.sourceName(), p.version());
            }
        }
        return versions;
    }

    private static List<Installed> read(String resource) {
        InputStream in = RealImages.class.getResourceAsStream(resource);
        if (in == null) {
            throw new IllegalStateException("missing resource " + resource + " (shared/testing's classes or core's"
                    + " test resources must be on the class path)");
        }
        List<Installed> packages = new ArrayList<>();
        try (BufferedReader r = new BufferedReader(new InputStreamReader(in, StandardCharsets.UTF_8))) {
            String header = r.readLine();
            if (header == null || !header.startsWith("name\tversion\tsrc_name\tsrc_version\tarch")) {
                throw new IllegalStateException(resource + ": unexpected header " + header);
            }
            for (String line = r.readLine(); line != null; line = r.readLine()) {
                String[] f = line.split("\t", -1);
                packages.add(new Installed(f[0], f[1], f[2], f[3], f[4]));
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return List.copyOf(packages);
    }
}
