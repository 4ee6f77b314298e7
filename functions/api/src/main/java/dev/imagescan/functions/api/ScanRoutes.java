package dev.imagescan.functions.api;

import com.fasterxml.jackson.core.JsonGenerator;
import dev.imagescan.registry.ImageReference;
import dev.imagescan.registry.InvalidReferenceException;
import dev.imagescan.registry.RegistryAllowList;
import dev.imagescan.registry.RegistryNotAllowedException;
import dev.imagescan.store.FailedJob;
import dev.imagescan.store.ImageRecord;
import dev.imagescan.store.JobQueue;
import dev.imagescan.store.ObjectStore;
import dev.imagescan.store.ScanJob;
import dev.imagescan.store.ScanRecord;
import dev.imagescan.store.ScanStatus;
import dev.imagescan.store.ScanTable;
import dev.imagescan.store.ScanTrigger;
import dev.imagescan.store.StoreException;
import dev.imagescan.store.StoreKeys;
import java.io.IOException;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.UUID;
import java.util.function.Supplier;

/**
 * {@code POST /scans} (queue a MANUAL scan of an uploaded archive, of a known image, or of an image in a registry) and
 * {@code GET /scans/{id}}. A registry image ({@code {"image":"REF"}}) is taken only from a registry in the allow-list,
 * whose addresses are checked as the scan will check them ({@link RegistryAllowList}): 403 otherwise.
 * A scan is created QUEUED before its job is sent; if the job cannot be sent, the scan is failed with the reason and
 * the answer is 503, so no QUEUED scan is left that nothing will run.
 */
public final class ScanRoutes {
    private static final System.Logger LOG = System.getLogger(ScanRoutes.class.getName());
    private static final int MAX_KEY_LENGTH = 1024;

    private final ObjectStore store;
    private final ScanTable table;
    private final JobQueue queue;
    private final Supplier<String> ids;
    private final RegistryAllowList registries;

    /** @param ids fresh scan ids (random UUIDs in the function) */
    public ScanRoutes(ObjectStore store, ScanTable table, JobQueue queue, Supplier<String> ids) {
        this(store, table, queue, ids, RegistryAllowList.parse(""));
    }

    /**
     * @param ids        fresh scan ids (random UUIDs in the function)
     * @param registries the registries images may be scanned from ({@code IMAGESCAN_REGISTRIES})
     */
    public ScanRoutes(ObjectStore store, ScanTable table, JobQueue queue, Supplier<String> ids,
            RegistryAllowList registries) {
        this.store = store;
        this.table = table;
        this.queue = queue;
        this.ids = ids;
        this.registries = registries;
    }

    public ScanRoutes(ObjectStore store, ScanTable table, JobQueue queue) {
        this(store, table, queue, () -> UUID.randomUUID().toString());
    }

    public void register(Router router) {
        router.add("POST", "/scans", (request, params) -> create(request));
        router.add("GET", "/scans/{id}", (request, params) -> get(params.get("id")));
    }

    private ApiResponse create(ApiRequest request) {
        Map<String, String> body = JsonBodies.stringFields(request, Set.of("objectKey", "imageDigest", "image"));
        String key = body.get("objectKey");
        String digest = body.get("imageDigest");
        String image = body.get("image");
        if ((key != null ? 1 : 0) + (digest != null ? 1 : 0) + (image != null ? 1 : 0) != 1) {
            throw ApiException.badRequest("give exactly one of objectKey (an archive under " + StoreKeys.INCOMING
                    + "), imageDigest (an image already scanned) and image (a registry reference)");
        }
        if (image != null) {
            image = allowedImage(image);
        } else if (key != null) {
            if (!StoreKeys.isIncoming(key) || key.length() > MAX_KEY_LENGTH) {
                throw ApiException.badRequest("objectKey must be an object key under " + StoreKeys.INCOMING
                        + " of at most " + MAX_KEY_LENGTH + " characters, not '" + ApiText.cut(key) + "'");
            }
            if (store.head(key).isEmpty()) {
                throw ApiException.notFound("no object " + key + " in the bucket");
            }
        } else {
            Paths.digest(digest);
            if (table.images().get(digest).isEmpty()) {
                throw ApiException.notFound("image " + digest + " is not known (scan its archive first)");
            }
        }
        String scanId = ids.get();
        ScanRecord scan = table.scans().create(scanId, ScanTrigger.MANUAL, digest, key, image);
        send(new ScanJob(scanId, digest, key, ScanTrigger.MANUAL, 1, image));
        String self = "/scans/" + scanId;
        return ApiResponse.json(202, g -> {
            g.writeStartObject();
            g.writeStringField("scanId", scanId);
            g.writeStringField("status", scan.status().name());
            g.writeObjectFieldStart("links");
            g.writeStringField("self", self);
            g.writeEndObject();
            g.writeEndObject();
        }).withHeader("Location", self);
    }

    /**
     * {@code text} as a reference in full ({@code alpine:3.20} is {@code docker.io/library/alpine:3.20}), if it is
     * one and its registry may be contacted: 400 when it is not a reference, 403 when the registry is not allowed.
     */
    private String allowedImage(String text) {
        ImageReference reference;
        try {
            reference = ImageReference.parse(text);
        } catch (InvalidReferenceException e) {
            throw ApiException.badRequest(e.getMessage());
        }
        String image = reference.toString();
        try {
            ScanJob.requireImage(image);
        } catch (IllegalArgumentException e) {
            throw ApiException.badRequest(e.getMessage());
        }
        try {
            registries.requireAllowed(reference.registry());
        } catch (RegistryNotAllowedException e) {
            throw new ApiException(403, "forbidden", e.getMessage(), Map.of());
        }
        return image;
    }

    private void send(ScanJob job) {
        String problem;
        try {
            List<FailedJob> failed = queue.sendAll(List.of(job));
            if (failed.isEmpty()) {
                return;
            }
            problem = failed.get(0).code() + ": " + failed.get(0).message();
        } catch (StoreException e) {
            problem = e.getMessage();
        }
        try {
            table.scans().fail(job.scanId(), "the scan job could not be queued: " + problem);
        } catch (StoreException e) {
            LOG.log(System.Logger.Level.ERROR, "scan " + job.scanId() + " stays QUEUED with no job: " + e, e);
        }
        throw ApiException.unavailable("the scan could not be queued (scan " + job.scanId()
                + " is FAILED); try again later");
    }

    private ApiResponse get(String scanId) {
        Paths.scanId(scanId);
        ScanRecord scan = table.scans().get(scanId)
                .orElseThrow(() -> ApiException.notFound("no scan " + scanId));
        Optional<ImageRecord> image = scan.status() == ScanStatus.DONE && scan.imageDigest() != null
                ? table.images().get(scan.imageDigest()) : Optional.empty();
        return ApiResponse.json(200, g -> write(g, scan, image.orElse(null)));
    }

    private static void write(JsonGenerator g, ScanRecord scan, ImageRecord image) throws IOException {
        g.writeStartObject();
        g.writeStringField("scanId", scan.scanId());
        g.writeStringField("status", scan.status().name());
        g.writeStringField("trigger", scan.trigger().name());
        g.writeStringField("imageDigest", scan.imageDigest());
        g.writeStringField("objectKey", scan.objectKey());
        g.writeStringField("image", scan.image());
        JsonContent.instantField(g, "createdAt", scan.createdAt());
        JsonContent.instantField(g, "startedAt", scan.startedAt());
        JsonContent.instantField(g, "finishedAt", scan.finishedAt());
        g.writeNumberField("attempts", scan.attempts());
        g.writeStringField("error", scan.error());
        if (scan.status() == ScanStatus.DONE) {
            boolean latest = image != null && scan.scanId().equals(image.lastScanId());
            g.writeObjectFieldStart("result");
            g.writeStringField("imageDigest", scan.imageDigest());
            g.writeStringField("dbVersion", scan.dbVersion());
            g.writeBooleanField("latest", latest);
            if (latest) {
                g.writeFieldName("counts");
                ImageJson.counts(g, image.counts());
            } else {
                g.writeNullField("counts");
            }
            g.writeEndObject();
        } else {
            g.writeNullField("result");
        }
        g.writeObjectFieldStart("links");
        g.writeStringField("self", "/scans/" + scan.scanId());
        g.writeStringField("image", scan.imageDigest() == null ? null : "/images/" + scan.imageDigest());
        g.writeEndObject();
        g.writeEndObject();
    }
}
