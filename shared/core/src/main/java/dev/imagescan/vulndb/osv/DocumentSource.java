package dev.imagescan.vulndb.osv;

import java.io.IOException;
import java.util.Optional;

/**
 * Where OSV documents come from: one JSON file, a directory of them, an OSV {@code all.zip}, or a URL of either
 * (see {@link OsvSources}). It hands over raw documents; {@link OsvSource} parses them into records.
 */
interface DocumentSource {

    /**
     * How a database records this source ({@code DatabaseInfo.sources}): a file or directory's own name without its
     * path, or a URL without user information, query or fragment. Never an absolute local path.
     */
    String name();

    /**
     * Passes every JSON document of the source to {@code sink}, in an order that is the same each time for the same
     * content, each one at most the document size limit.
     *
     * @throws OsvFormatException when the source is not what it claims (a zip that does not open, an entry over a
     *                            limit) or the sink refuses a document
     * @throws IOException        when it cannot be read or downloaded
     */
    void read(DocumentSink sink) throws IOException;

    /**
     * The version of the documents as {@link #readVersion} would give it after a read now, found without reading them
     * when the source can tell (a URL asked conditionally); empty when it cannot (the default).
     */
    default Optional<String> probe() throws IOException {
        return Optional.empty();
    }

    /**
     * The version of the documents the last {@link #read} passed as their server names it (its ETag, else its
     * last-modified time), or null (the default) when there is none: {@link OsvSource} then hashes the documents.
     */
    default String readVersion() {
        return null;
    }

    /** Receives the documents of a source. */
    @FunctionalInterface
    interface DocumentSink {
        /**
         * @param name where the document is, for messages: {@code DSA-1234-1.json}, {@code dir/sub/x.json},
         *             {@code all.zip!/CVE-2024-1.json}, {@code https://host/all.zip!/CVE-2024-1.json}
         * @param json the document's bytes
         */
        void document(String name, byte[] json) throws IOException;
    }
}
