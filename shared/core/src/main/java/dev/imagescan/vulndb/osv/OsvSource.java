package dev.imagescan.vulndb.osv;

import dev.imagescan.vulndb.AdvisorySource;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;
import java.util.Objects;
import java.util.Optional;

/**
 * OSV as an {@link AdvisorySource}: the documents of a JSON file, a directory, an OSV {@code all.zip} or an http(s)
 * URL of either ({@link OsvSources#of}), each parsed by an {@link OsvParser} as soon as it is read, so that only one
 * document is in memory at a time. The first malformed document ends the read ({@link OsvFormatException}); a CVSS
 * vector that does not parse is an {@link OsvWarning} passed to the sink, its record kept.
 *
 * <p>Its version is {@code sha256:<hex>} of the documents read, in their order, each as its length (8 bytes, big
 * endian) then its bytes: the same documents give the same version wherever they were read from. A URL read through
 * a download cache ({@link OsvSources#of(String, OsvLimits, java.nio.file.Path)}) is versioned by its server
 * instead when the server gives a validator (ETag, else Last-Modified), which {@link #probe} finds with one
 * conditional request: an unchanged {@code all.zip} is then not downloaded again.
 */
public final class OsvSource implements AdvisorySource {
    private final DocumentSource documents;
    private final OsvLimits limits;

    OsvSource(DocumentSource documents, OsvLimits limits) {
        this.documents = Objects.requireNonNull(documents, "documents");
        this.limits = Objects.requireNonNull(limits, "limits");
    }

    /**
     * A file or directory's own name without its path ({@code DSA-1234-1.json}, {@code osv/}, {@code all.zip}), or
     * the URL without user information, query or fragment.
     */
    @Override
    public String name() {
        return documents.name();
    }

    @Override
    public String read(RecordSink sink) throws IOException {
        OsvParser parser = new OsvParser(limits, sink::warning);
        MessageDigest sha256 = sha256();
        ByteBuffer length = ByteBuffer.allocate(Long.BYTES);
        documents.read((name, json) -> {
            sha256.update(length.clear().putLong(json.length).array());
            sha256.update(json);
            sink.record(parser.parse(json, name));
        });
        String served = documents.readVersion();
        return served != null ? served : "sha256:" + HexFormat.of().formatHex(sha256.digest());
    }

    /** A URL read through a cache is asked conditionally (nothing downloaded when unchanged); others cannot tell. */
    @Override
    public Optional<String> probe() throws IOException {
        return documents.probe();
    }

    /** The raw documents, for tests of the document sources. */
    DocumentSource documents() {
        return documents;
    }

    private static MessageDigest sha256() {
        try {
            return MessageDigest.getInstance("SHA-256");
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("the JDK has no SHA-256", e);
        }
    }
}
