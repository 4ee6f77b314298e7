package dev.imagescan.service;

import dev.imagescan.store.NotFoundException;
import dev.imagescan.store.ObjectStore;
import dev.imagescan.store.PutOptions;
import dev.imagescan.store.StoreKeys;
import dev.imagescan.vulndb.CveSignals;
import dev.imagescan.vulndb.OsvRecord;
import dev.imagescan.vulndb.SourceStatus;
import dev.imagescan.vulndb.artifact.DatabaseWriter;
import dev.imagescan.vulndb.artifact.VulnDatabases;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.io.StringReader;
import java.io.StringWriter;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.time.Instant;
import java.time.format.DateTimeParseException;
import java.util.HashMap;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.TreeMap;

/**
 * What the database update keeps of each source between runs, in the bucket under
 * {@code vulndb/sources/<id>/} ({@code id}: the first 32 hex digits of the SHA-256 of the feed as configured): the
 * records and CVE signals of its last good read as a database artifact of that source alone
 * ({@code <version id>.bin}), and {@code state.properties}: the feed, its name, the version of that read, its record
 * count, newest record, fetch time, the last error (when the latest read was refused) and the validators (ETag,
 * Last-Modified) of its documents, so that the next run asks the source's servers conditionally and reuses the
 * artifact when nothing changed, or keeps it when the source fails or shrinks.
 */
final class SourceOutputs {
    /** Where the sources' outputs live. */
    static final String PREFIX = StoreKeys.VULNDB + "sources/";
    private static final int MAX_STATE_BYTES = 1 << 20;
    private static final PutOptions TEXT = new PutOptions("text/plain; charset=iso-8859-1", Map.of());

    private final ObjectStore store;

    SourceOutputs(ObjectStore store) {
        this.store = store;
    }

    /**
     * One source's state.
     *
     * @param output     the key of its last good read's artifact; null when there is none
     * @param validators the fetcher's validators of its documents (opaque)
     */
    record State(String feed, String name, String version, String output, long records, SourceStatus status,
            Map<String, String> validators, Map<String, Instant> seen) {
        /** The most versions whose first fetch time is remembered. */
        static final int MAX_SEEN = 16;

        State {
            validators = Map.copyOf(validators);
            seen = Map.copyOf(seen);
        }

        State withError(String error) {
            return new State(feed, name, version, output, records, new SourceStatus(status.newestModified(),
                    status.fetchedAt(), error), validators, seen);
        }

        State withSeen(Map<String, Instant> versions) {
            return new State(feed, name, version, output, records, status, validators, versions);
        }

        /** When the data of {@code version} was first fetched, if it is one of the last versions read. */
        Instant firstFetched(String version) {
            return seen.get(sha256(version).substring(0, 32));
        }

        /** The versions remembered after a read of {@code version} at {@code fetchedAt}: the newest kept. */
        static Map<String, Instant> seen(State previous, String version, Instant fetchedAt) {
            Map<String, Instant> seen = new HashMap<>(previous == null ? Map.of() : previous.seen());
            seen.putIfAbsent(sha256(version).substring(0, 32), fetchedAt);
            while (seen.size() > MAX_SEEN) {
                seen.entrySet().stream().min(Map.Entry.comparingByValue()).map(Map.Entry::getKey)
                        .ifPresent(seen::remove);
            }
            return seen;
        }
    }

    /** The source's state; null when there is none or it cannot be read (then noted). */
    State state(String feed, List<String> notes) {
        String key = stateKey(feed);
        Properties p = new Properties();
        try (InputStream in = store.get(key)) {
            byte[] bytes = in.readNBytes(MAX_STATE_BYTES + 1);
            if (bytes.length > MAX_STATE_BYTES) {
                notes.add(key + " is over " + MAX_STATE_BYTES + " bytes; the source is read afresh");
                return null;
            }
            p.load(new StringReader(new String(bytes, StandardCharsets.ISO_8859_1)));
        } catch (NotFoundException e) {
            return null;
        } catch (IOException | RuntimeException e) {
            notes.add("reading " + key + " failed (" + e.getMessage() + "); the source is read afresh");
            return null;
        }
        try {
            Map<String, String> validators = new TreeMap<>();
            p.stringPropertyNames().stream().filter(n -> n.startsWith("validator."))
                    .forEach(n -> validators.put(n.substring("validator.".length()), p.getProperty(n)));
            Map<String, Instant> seen = new TreeMap<>();
            for (String n : p.stringPropertyNames()) {
                if (n.startsWith("seen.")) {
                    seen.put(n.substring("seen.".length()), Instant.parse(p.getProperty(n)));
                }
            }
            if (!feed.equals(p.getProperty("feed"))) {
                notes.add(key + " is the state of another feed; the source is read afresh");
                return null;
            }
            return new State(feed, p.getProperty("name"), p.getProperty("version"), p.getProperty("output"),
                    Long.parseLong(p.getProperty("records", "0")), new SourceStatus(time(p, "newest"),
                    time(p, "fetched"), p.getProperty("lastError")), validators, seen);
        } catch (NumberFormatException | DateTimeParseException e) {
            notes.add(key + " does not read (" + e.getMessage() + "); the source is read afresh");
            return null;
        }
    }

    /** Writes the source's state. */
    void save(State state) throws IOException {
        Properties p = new Properties();
        p.setProperty("feed", state.feed());
        set(p, "name", state.name());
        set(p, "version", state.version());
        set(p, "output", state.output());
        p.setProperty("records", Long.toString(state.records()));
        set(p, "newest", state.status().newestModified() == null ? null : state.status().newestModified().toString());
        set(p, "fetched", state.status().fetchedAt() == null ? null : state.status().fetchedAt().toString());
        set(p, "lastError", state.status().lastError());
        state.validators().forEach((k, v) -> p.setProperty("validator." + k, v));
        state.seen().forEach((k, v) -> p.setProperty("seen." + k, v.toString()));
        StringWriter text = new StringWriter();
        p.store(text, null);
        store.put(stateKey(state.feed()), text.toString().getBytes(StandardCharsets.ISO_8859_1), TEXT);
    }

    /**
     * Stores one good read of a source as an artifact of its own and returns its key; the artifact is built in
     * {@code scratch} and removed from it.
     */
    String writeOutput(String feed, String name, String version, List<OsvRecord> records, List<CveSignals> signals,
            SourceStatus status, Path scratch) throws IOException {
        String key = PREFIX + id(feed) + "/" + sha256(version).substring(0, 32) + ".bin";
        Path file = Files.createTempFile(scratch, "source-", ".bin");
        try {
            try (OutputStream out = Files.newOutputStream(file)) {
                Instant builtAt = status.newestModified() == null ? Instant.EPOCH : status.newestModified();
                DatabaseWriter.write(records, signals, List.of(name), Map.of(name, (long) records.size()
                        + signals.size()), Map.of(name, status), builtAt, out);
            }
            try (InputStream in = Files.newInputStream(file)) {
                store.put(key, in, Files.size(file), PutOptions.BINARY);
            }
        } finally {
            Files.deleteIfExists(file);
        }
        return key;
    }

    /** The records and signals of a stored read, checked whole as any artifact is. */
    VulnDatabases.Contents output(String key) throws IOException {
        try (InputStream in = store.get(key)) {
            return VulnDatabases.contents(VulnDatabases.load(in));
        }
    }

    /** Removes a stored read no state names any more; a failure only leaves an unreferenced object. */
    void delete(String key, List<String> notes) {
        try {
            store.delete(key);
        } catch (RuntimeException e) {
            notes.add("could not delete " + key + ": " + e.getMessage());
        }
    }

    static String stateKey(String feed) {
        return PREFIX + id(feed) + "/state.properties";
    }

    private static String id(String feed) {
        return sha256(feed).substring(0, 32);
    }

    private static void set(Properties p, String name, String value) {
        if (value != null) {
            p.setProperty(name, value);
        }
    }

    private static Instant time(Properties p, String name) {
        String v = p.getProperty(name);
        return v == null ? null : Instant.parse(v);
    }

    private static String sha256(String s) {
        try {
            return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256")
                    .digest(s.getBytes(StandardCharsets.UTF_8)));
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("the JDK has no SHA-256", e);
        }
    }
}
