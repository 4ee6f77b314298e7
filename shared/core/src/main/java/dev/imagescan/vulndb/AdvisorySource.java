package dev.imagescan.vulndb;

import dev.imagescan.vulndb.osv.OsvWarning;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.Optional;
import java.util.function.Consumer;

/**
 * One feed of advisory data the database is built from (OSV today; vendor feeds such as OVAL, CSAF, secdb or the
 * distributions' trackers next): it fetches its data, parses it and hands over {@link OsvRecord}s one at a time,
 * so that no feed is ever held whole in memory as documents or text. Each feed is its own package with one
 * implementation of this interface; {@code vulndb.artifact.DatabaseBuilder} builds a database from a list of them,
 * keeping per id the newest record across all ({@link NewestRecords}).
 */
public interface AdvisorySource {

    /**
     * How a database records this source ({@link DatabaseInfo#sources()}): stable for the same location, short, and
     * never revealing a local absolute path or credentials (a file or directory's own name, a URL without user
     * information, query or fragment).
     */
    String name();

    /**
     * Fetches the source's data and passes every record it holds to {@code sink} as each is parsed, in an order that
     * is the same each time for the same data. A source is bounded whatever it is fed (sizes, counts, time); the
     * first thing it cannot fetch or parse ends the read with an exception naming the source and the document.
     *
     * @return the version of the data read: the same string for the same data and another one when it changed, such
     *         as {@code sha256:<hex>} of what was read, or the feed's own ETag or last-modified time
     * @throws IOException when the data cannot be fetched, is malformed, or the sink refuses a record
     */
    String read(RecordSink sink) throws IOException;

    /**
     * The version {@link #read} would return now, found without reading the data when the source can tell (asking
     * its server conditionally, with the validators of an earlier read): a database update reuses what it kept of an
     * earlier read of the same version instead of downloading and parsing it again. Empty when the source cannot
     * tell without reading (the default).
     */
    default Optional<String> probe() throws IOException {
        return Optional.empty();
    }

    /** Receives the records of one read, and what was left out of them. */
    @FunctionalInterface
    interface RecordSink {
        /** One record, fully parsed; its {@link Advisory#modified()} is never null. */
        void record(OsvRecord record) throws IOException;

        /** A part of a record that was skipped (the record itself was kept); ignored unless overridden. */
        default void warning(OsvWarning warning) {}

        /**
         * A severity or exploitation feed's part of one CVE (NVD, EPSS, KEV): merged by CVE id when the database is
         * built ({@link SignalsByCve}); ignored unless overridden.
         */
        default void signals(CveSignals signals) throws IOException {}

        /**
         * {@link #signals} as a callback for a parser that takes a {@link Consumer}: a failure of the sink comes out as
         * an {@link UncheckedIOException} ({@code FeedLocations.readEach} turns it back into its cause).
         */
        default Consumer<CveSignals> signalsCallback() {
            return s -> {
                try {
                    signals(s);
                } catch (IOException e) {
                    throw new UncheckedIOException(e);
                }
            };
        }
    }
}
