package dev.imagescan.vulndb.amazon;

import dev.imagescan.vulndb.AdvisorySource;
import dev.imagescan.vulndb.FeedSource;
import dev.imagescan.vulndb.fetch.FeedFetcher;
import dev.imagescan.vulndb.fetch.FeedFormatException;
import dev.imagescan.vulndb.fetch.FeedInput;
import dev.imagescan.vulndb.fetch.FeedLocations;
import java.io.BufferedInputStream;
import java.io.ByteArrayInputStream;
import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.DigestInputStream;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import java.util.Locale;
import java.util.Optional;

/**
 * Amazon Linux's ALAS as an {@link AdvisorySource}, read from each release's core repository the way yum finds it and
 * Clair's and Trivy's Amazon updaters read it: the release's {@code mirror.list} names the repository, whose
 * {@code repodata/repomd.xml} names the {@code updateinfo.xml.gz} and the checksum of its content, which is checked
 * before any of it is used, then parsed by {@link UpdateInfoParser}. A location that is not a {@code mirror.list}
 * is read as an {@code updateinfo.xml} (plain or gzip) itself.
 *
 * <p>Amazon Linux 1's repository is served over plain http only (Trivy's and Clair's updaters read it so too): its
 * mirror list is among the defaults all the same, and plain http is allowed for Amazon's own Amazon Linux 1
 * repository hosts alone ({@link Al1RepositoryHosts}), whatever the fetch limits say of other hosts. Over plain
 * http the repository metadata's checksum proves the updateinfo complete, not authentic. The version of what was
 * read is the repositories' updateinfo checksums (the same whichever mirror served them), or a document's own
 * version.
 */
public final class AmazonAlasSource extends FeedSource {
    /** Amazon Linux 1 (the AMI, 2018.03, the last), served over plain http only. */
    public static final String AL1_MIRROR_LIST =
            "http://repo.us-west-2.amazonaws.com/2018.03/updates/x86_64/mirror.list";
    /** Amazon Linux 2's core repository. */
    public static final String AL2_MIRROR_LIST = "https://cdn.amazonlinux.com/2/core/latest/x86_64/mirror.list";
    /** Amazon Linux 2023's core repository. */
    public static final String AL2023_MIRROR_LIST =
            "https://cdn.amazonlinux.com/al2023/core/mirrors/latest/x86_64/mirror.list";
    /** The most of a mirror list read, and the most mirrors tried. */
    static final int MAX_MIRROR_LIST_BYTES = 64 * 1024;
    static final int MAX_MIRRORS_TRIED = 4;

    public AmazonAlasSource(FeedLocations feeds) {
        super("amazon", feeds);
    }

    /** Amazon Linux 1 (2018.03), 2 and 2023. */
    public static List<String> officialMirrorLists() {
        return List.of(AL1_MIRROR_LIST, AL2_MIRROR_LIST, AL2023_MIRROR_LIST);
    }

    /**
     * The feed's fetcher, or, for a plain http URL of Amazon's Amazon Linux 1 repository hosts, one that allows
     * plain http (the same cache, the same bounds).
     */
    private FeedFetcher fetcherFor(String location) {
        FeedFetcher fetcher = feeds.fetcher();
        return !fetcher.limits().plainHttp() && Al1RepositoryHosts.servesOverPlainHttp(location)
                ? fetcher.allowingPlainHttp() : fetcher;
    }

    private FeedInput open(String location) throws IOException {
        return FeedInput.open(location, fetcherFor(location));
    }

    @Override
    public String read(RecordSink sink) throws IOException {
        List<String> versions = new ArrayList<>();
        for (String location : feeds.locations()) {
            String path = location.split("[?#]", 2)[0];
            if (path.endsWith("mirror.list")) {
                versions.add(readRepository(location, sink));
            } else {
                try (FeedInput in = open(location)) {
                    UpdateInfoParser.parse(in.stream(), in.name(), sink::record);
                    versions.add(in.version());
                }
            }
        }
        return FeedLocations.combined(versions);
    }

    /**
     * The version {@link #read} would return, from each repository's mirror list and {@code repomd.xml} (a few KB)
     * alone: the updateinfo checksum they state; an updateinfo document given itself is asked conditionally.
     */
    @Override
    public Optional<String> probe() throws IOException {
        List<String> versions = new ArrayList<>();
        for (String location : feeds.locations()) {
            if (location.split("[?#]", 2)[0].endsWith("mirror.list")) {
                List<String> mirrors;
                try (FeedInput in = open(location)) {
                    mirrors = mirrors(in.stream(), in.name());
                }
                IOException failure = null;
                String version = null;
                for (String mirror : mirrors.subList(0, Math.min(mirrors.size(), MAX_MIRRORS_TRIED))) {
                    try (FeedInput in = open(mirror + "/repodata/repomd.xml")) {
                        RepoMd repomd = RepoMd.parse(in.stream(), in.name());
                        version = repomd.checksumType().toLowerCase(Locale.ROOT) + ":" + repomd.checksum();
                        break;
                    } catch (FeedFormatException e) {
                        throw e;
                    } catch (IOException e) {
                        failure = failure == null ? e : failure;
                    }
                }
                if (version == null) {
                    throw failure;
                }
                versions.add(version);
            } else {
                versions.add(FeedInput.probeVersion(location, fetcherFor(location)));
            }
        }
        return Optional.of(FeedLocations.combined(versions));
    }

    /** The repository a mirror list names: the first of its mirrors that serves a complete, checked updateinfo. */
    private String readRepository(String mirrorList, RecordSink sink) throws IOException {
        List<String> mirrors;
        String listName;
        try (FeedInput in = open(mirrorList)) {
            listName = in.name();
            mirrors = mirrors(in.stream(), listName);
        }
        IOException failure = null;
        for (String mirror : mirrors.subList(0, Math.min(mirrors.size(), MAX_MIRRORS_TRIED))) {
            Path content = null;
            try {
                RepoMd repomd;
                try (FeedInput in = open(mirror + "/repodata/repomd.xml")) {
                    repomd = RepoMd.parse(in.stream(), in.name());
                }
                String name;
                try (FeedInput in = open(mirror + "/" + repomd.href())) {
                    name = in.name();
                    content = checkedCopy(in.stream(), repomd, name);
                }
                // the content is checked: only now are its records handed on (a mirror that fails before this
                // point is passed over for the next)
                try (InputStream xml = new BufferedInputStream(Files.newInputStream(content), 1 << 16)) {
                    UpdateInfoParser.parse(xml, name, sink::record);
                }
                return repomd.checksumType().toLowerCase(Locale.ROOT) + ":" + repomd.checksum();
            } catch (FeedFormatException e) {
                throw e; // a checked document that does not parse: no other mirror will do better
            } catch (IOException e) {
                if (failure != null) {
                    e.addSuppressed(failure);
                }
                failure = e;
            } finally {
                if (content != null) {
                    Files.deleteIfExists(content);
                }
            }
        }
        throw failure;
    }

    /**
     * The uncompressed updateinfo, copied to a temporary file while its digest is taken, and refused unless the
     * digest is the one the repository metadata states.
     */
    private static Path checkedCopy(InputStream in, RepoMd repomd, String name) throws IOException {
        String algorithm = repomd.algorithm();
        if (algorithm == null) {
            throw new FeedFormatException(name + ": the repository states its checksum as "
                    + repomd.checksumType() + ", which is not a digest this reader knows");
        }
        MessageDigest digest;
        try {
            digest = MessageDigest.getInstance(algorithm);
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("the JDK has no " + algorithm, e);
        }
        Path copy = Files.createTempFile("updateinfo-", ".xml");
        boolean kept = false;
        try (DigestInputStream digested = new DigestInputStream(in, digest);
             OutputStream out = Files.newOutputStream(copy)) {
            digested.transferTo(out);
            kept = true;
        } finally {
            if (!kept) {
                Files.deleteIfExists(copy);
            }
        }
        String actual = HexFormat.of().formatHex(digest.digest());
        if (!actual.equals(repomd.checksum())) {
            Files.deleteIfExists(copy);
            throw new IOException(name + ": its content's " + repomd.checksumType() + " is " + actual
                    + ", not the " + repomd.checksum() + " the repository metadata states (a stale or altered copy)");
        }
        return copy;
    }

    /**
     * The mirrors a mirror list names, one URL a line ({@code $basearch} as {@code x86_64}, without a trailing
     * slash); blank lines and {@code #} comments skipped.
     */
    static List<String> mirrors(InputStream in, String name) throws IOException {
        byte[] head = in.readNBytes(MAX_MIRROR_LIST_BYTES + 1);
        if (head.length > MAX_MIRROR_LIST_BYTES) {
            throw new FeedFormatException(name + ": a mirror list larger than " + MAX_MIRROR_LIST_BYTES + " bytes");
        }
        List<String> mirrors = new ArrayList<>();
        try (BufferedReader r = new BufferedReader(new InputStreamReader(new ByteArrayInputStream(head),
                StandardCharsets.UTF_8))) {
            for (String line; (line = r.readLine()) != null; ) {
                String url = line.strip();
                if (url.isEmpty() || url.startsWith("#")) {
                    continue;
                }
                String lower = url.toLowerCase(Locale.ROOT);
                if (!lower.startsWith("https://") && !lower.startsWith("http://")) {
                    throw new FeedFormatException(name + ": '" + (url.length() > 80 ? url.substring(0, 80) : url)
                            + "' is not a mirror URL");
                }
                url = url.replace("$basearch", "x86_64");
                while (url.endsWith("/")) {
                    url = url.substring(0, url.length() - 1);
                }
                mirrors.add(url);
            }
        }
        if (mirrors.isEmpty()) {
            throw new FeedFormatException(name + ": the mirror list names no mirror");
        }
        return mirrors;
    }
}
