package dev.imagescan.functions.harbor;

import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonGenerator;
import com.fasterxml.jackson.jr.ob.JSON;
import dev.imagescan.store.FailedJob;
import dev.imagescan.store.JobQueue;
import dev.imagescan.store.NotFoundException;
import dev.imagescan.store.ObjectStore;
import dev.imagescan.store.PutOptions;
import dev.imagescan.store.ScanJob;
import dev.imagescan.store.ScanRecord;
import dev.imagescan.store.ScanTable;
import dev.imagescan.store.ScanTrigger;
import dev.imagescan.store.StoreException;
import dev.imagescan.store.StoreKeys;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;
import java.util.function.Supplier;
import java.util.regex.Pattern;

/**
 * Harbor's scans over our stores. Accepting one writes the request <b>without its credentials</b> to
 * {@code harbor/requests/<id>.json} (what the report needs: repository, digest, tag, media type), creates a QUEUED
 * MANUAL scan of the digest in the table, and sends its {@link ScanJob} with the registry reference and Harbor's
 * {@code Authorization}: the credentials exist only in that message. A job that cannot be sent fails the scan.
 * Polling reads the scan's record, and once it is DONE its stored JSON report.
 */
final class HarborScans {
    /** Where accepted requests are kept. */
    static final String PREFIX = "harbor/requests/";
    private static final Pattern ID = Pattern.compile("[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}");
    private static final JsonFactory JSON_FACTORY = new JsonFactory();

    /** A scan as Harbor polls it. */
    sealed interface State {
        /** Queued or running. */
        record Running() implements State {}

        /** Failed, with the reason. */
        record Failed(String reason) implements State {}

        /** Done: the request and the stored JSON report's bytes. */
        record Done(HarborScanRequest request, byte[] report) implements State {}
    }

    private final ObjectStore store;
    private final ScanTable table;
    private final JobQueue queue;
    private final Supplier<String> ids;

    HarborScans(ObjectStore store, ScanTable table, JobQueue queue, Supplier<String> ids) {
        this.store = store;
        this.table = table;
        this.queue = queue;
        this.ids = ids;
    }

    HarborScans(ObjectStore store, ScanTable table, JobQueue queue) {
        this(store, table, queue, () -> UUID.randomUUID().toString());
    }

    /** Queues a scan of {@code request}; returns its id. */
    String accept(HarborScanRequest request) {
        String id = ids.get();
        store.put(PREFIX + id + ".json", requestJson(request.withoutAuthorization()), PutOptions.JSON);
        table.scans().create(id, ScanTrigger.MANUAL, request.digest(), null, request.image());
        ScanJob job = new ScanJob(id, request.digest(), null, ScanTrigger.MANUAL, 1, request.image(),
                request.authorization());
        String problem;
        try {
            List<FailedJob> failed = queue.sendAll(List.of(job));
            if (failed.isEmpty()) {
                return id;
            }
            problem = failed.get(0).code() + ": " + failed.get(0).message();
        } catch (StoreException e) {
            problem = e.getMessage();
        }
        table.scans().fail(id, "the scan job could not be queued: " + problem);
        throw new HarborException(500, "the scan could not be queued; try again later");
    }

    /** Where scan {@code id} is; empty when Harbor never asked for it. */
    Optional<State> state(String id) {
        if (!ID.matcher(id).matches()) {
            return Optional.empty();
        }
        Optional<HarborScanRequest> request = request(id);
        Optional<ScanRecord> scan = table.scans().get(id);
        if (request.isEmpty() || scan.isEmpty()) {
            return Optional.empty();
        }
        ScanRecord s = scan.get();
        return Optional.of(switch (s.status()) {
            case QUEUED, RUNNING -> new State.Running();
            case FAILED -> new State.Failed(s.error() == null ? "the scan failed" : s.error());
            case DONE -> done(request.get(), s);
        });
    }

    private State done(HarborScanRequest request, ScanRecord scan) {
        String key = StoreKeys.imageReport(scan.imageDigest(), scan.dbVersion());
        try (InputStream in = store.get(key)) {
            return new State.Done(request, in.readAllBytes());
        } catch (NotFoundException e) {
            return new State.Failed("the report of scan " + scan.scanId() + " is no longer stored (" + key + ")");
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private Optional<HarborScanRequest> request(String id) {
        try (InputStream in = store.get(PREFIX + id + ".json")) {
            Map<String, Object> doc = JSON.std.mapFrom(in);
            @SuppressWarnings("unchecked")
            Map<String, Object> artifact = (Map<String, Object>) doc.get("artifact");
            @SuppressWarnings("unchecked")
            List<String> capabilities = (List<String>) doc.get("capabilities");
            return Optional.of(new HarborScanRequest(URI.create((String) doc.get("registry")), null,
                    (String) artifact.get("repository"), (String) artifact.get("digest"),
                    (String) artifact.get("tag"), (String) artifact.get("mime_type"), capabilities));
        } catch (NotFoundException e) {
            return Optional.empty();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private static byte[] requestJson(HarborScanRequest r) {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        try (JsonGenerator g = JSON_FACTORY.createGenerator(out)) {
            g.writeStartObject();
            g.writeStringField("registry", r.registry().toString());
            g.writeObjectFieldStart("artifact");
            g.writeStringField("repository", r.repository());
            g.writeStringField("digest", r.digest());
            g.writeStringField("tag", r.tag());
            g.writeStringField("mime_type", r.mimeType());
            g.writeEndObject();
            g.writeArrayFieldStart("capabilities");
            for (String c : r.capabilities()) {
                g.writeString(c);
            }
            g.writeEndArray();
            g.writeEndObject();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return out.toByteArray();
    }

    static String text(byte[] bytes) {
        return new String(bytes, StandardCharsets.UTF_8);
    }
}
