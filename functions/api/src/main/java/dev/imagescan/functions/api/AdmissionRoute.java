package dev.imagescan.functions.api;

import com.fasterxml.jackson.jr.ob.JSON;
import dev.imagescan.image.Digest;
import dev.imagescan.registry.ImageReference;
import dev.imagescan.registry.InvalidReferenceException;
import dev.imagescan.registry.ResolvedReference;
import dev.imagescan.store.ConditionFailedException;
import dev.imagescan.store.ImageRecord;
import dev.imagescan.store.JobQueue;
import dev.imagescan.store.NotFoundException;
import dev.imagescan.store.ObjectStore;
import dev.imagescan.store.ScanJob;
import dev.imagescan.store.ScanTable;
import dev.imagescan.store.ScanTrigger;
import dev.imagescan.store.StoreKeys;
import java.io.IOException;
import java.io.InputStream;
import java.time.Clock;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

/**
 * {@code POST /admission}: a Kubernetes validating admission webhook ({@code AdmissionReview}
 * {@code admission.k8s.io/v1}). The images of the Pod or pod template ({@link PodImages}) are each resolved to a
 * digest (a digest in the reference is used as given; a tag through the {@link ImageResolver}, kept briefly) and
 * answered from the stored verdict, the Images table by manifest digest (for a multi-platform index, its own digest
 * or, failing that, the platform manifests it lists): never a scan inline. An image BLOCKED denies the request with
 * a message naming it and the policy's reasons; an image not scanned yet has its scan queued and is admitted with a
 * warning or denied ({@link AdmissionSettings}; a dry run queues nothing: the webhook's side effects are
 * {@code NoneOnDryRun}); an image that cannot be checked follows the configured failure policy. The answer always
 * echoes the request's uid; DELETE and CONNECT, and kinds without a pod spec, are admitted.
 */
final class AdmissionRoute {
    static final String API_VERSION = "admission.k8s.io/v1";
    private static final System.Logger LOG = System.getLogger(AdmissionRoute.class.getName());
    private static final int MAX_MESSAGE = 4000;
    private static final int MAX_REASONS = 3;
    private static final int MAX_IDS = 5;

    private final ObjectStore store;
    private final ScanTable table;
    private final JobQueue queue;
    private final AdmissionSettings settings;
    private final Clock clock;

    AdmissionRoute(ObjectStore store, ScanTable table, JobQueue queue, AdmissionSettings settings, Clock clock) {
        this.store = store;
        this.table = table;
        this.queue = queue;
        this.settings = settings;
        this.clock = clock;
    }

    void register(Router router) {
        router.add("POST", "/admission", (request, params) -> review(request));
    }

    /** What one image came to. */
    private record Check(String image, String problem, String warning) {}

    private ApiResponse review(ApiRequest request) {
        JsonBodies.requireJson(request);
        Map<String, Object> review;
        try {
            review = JSON.std.mapFrom(request.body());
        } catch (IOException | RuntimeException e) {
            throw ApiException.badRequest("the body is not an AdmissionReview: " + ApiText.cut(String.valueOf(
                    e.getMessage())));
        }
        if (review == null || !API_VERSION.equals(review.get("apiVersion"))
                || !"AdmissionReview".equals(review.get("kind"))) {
            throw ApiException.badRequest("the body is not an AdmissionReview of " + API_VERSION);
        }
        Map<String, Object> req = map(review.get("request"), "request");
        if (!(req.get("uid") instanceof String uid) || uid.isEmpty()) {
            throw ApiException.badRequest("the AdmissionReview's request has no uid");
        }
        String operation = String.valueOf(req.get("operation"));
        boolean dryRun = Boolean.TRUE.equals(req.get("dryRun"));
        Map<String, Object> kind = req.get("kind") == null ? Map.of() : map(req.get("kind"), "request.kind");
        List<PodImages.ContainerImage> images = operation.equals("CREATE") || operation.equals("UPDATE")
                ? PodImages.of(String.valueOf(kind.get("kind")), optionalMap(req.get("object"), "request.object"))
                : List.of();
        List<String> denials = new ArrayList<>();
        List<String> warnings = new ArrayList<>();
        Set<String> seen = new LinkedHashSet<>();
        for (PodImages.ContainerImage c : images) {
            if (!seen.add(c.image())) {
                continue;
            }
            Check check = check(c.image(), dryRun);
            if (check.problem() != null) {
                denials.add(check.problem());
            }
            if (check.warning() != null) {
                warnings.add(check.warning());
            }
        }
        return ApiResponse.json(200, g -> {
            g.writeStartObject();
            g.writeStringField("apiVersion", API_VERSION);
            g.writeStringField("kind", "AdmissionReview");
            g.writeObjectFieldStart("response");
            g.writeStringField("uid", uid);
            g.writeBooleanField("allowed", denials.isEmpty());
            if (!denials.isEmpty()) {
                g.writeObjectFieldStart("status");
                g.writeNumberField("code", 403);
                g.writeStringField("reason", "Forbidden");
                g.writeStringField("message", ApiText.cut(String.join("; ", denials), MAX_MESSAGE));
                g.writeEndObject();
            }
            if (!warnings.isEmpty()) {
                g.writeArrayFieldStart("warnings");
                for (String w : warnings) {
                    g.writeString(w);
                }
                g.writeEndArray();
            }
            g.writeEndObject();
            g.writeEndObject();
        });
    }

    private Check check(String image, boolean dryRun) {
        ImageReference ref;
        try {
            ref = ImageReference.parse(image);
        } catch (InvalidReferenceException e) {
            return new Check(image, "image " + image + " is not a valid reference: " + e.getMessage(), null);
        }
        List<Digest> candidates;
        try {
            candidates = candidates(ref);
        } catch (IOException | RuntimeException e) {
            String why = "image " + image + " could not be checked (" + oneLine(e) + ")";
            LOG.log(System.Logger.Level.WARNING, why);
            return settings.allowOnError() ? new Check(image, null, why + "; admitted by the failure policy")
                    : new Check(image, why, null);
        }
        try {
            Optional<ImageRecord> judged = candidates.stream().map(d -> table.images().get(d.toString()))
                    .flatMap(Optional::stream).filter(r -> r.verdict() != null).findFirst();
            if (judged.isEmpty()) {
                String queued = dryRun ? "" : queueScan(ref, candidates.get(0));
                String what = "image " + image + " (" + candidates.get(0).shortForm() + ") is not scanned yet"
                        + queued;
                return settings.allowUnscanned() ? new Check(image, null, what) : new Check(image, what, null);
            }
            ImageRecord record = judged.get();
            if ("BLOCKED".equals(record.verdict())) {
                return new Check(image, "image " + image + " is BLOCKED by policy " + record.policyVersion()
                        + reasons(record.digest()), null);
            }
            return new Check(image, null, null);
        } catch (RuntimeException e) {
            String why = "image " + image + " could not be checked (" + oneLine(e) + ")";
            LOG.log(System.Logger.Level.WARNING, why, e);
            return settings.allowOnError() ? new Check(image, null, why + "; admitted by the failure policy")
                    : new Check(image, why, null);
        }
    }

    /** The digests to look up: the reference's own, or what its tag resolves to (an index's manifests after it). */
    private List<Digest> candidates(ImageReference ref) throws IOException {
        List<Digest> digests = new ArrayList<>();
        if (ref.digest() != null) {
            digests.add(ref.digest());
            return digests;
        }
        ResolvedReference resolved = settings.resolver().resolve(ref);
        digests.add(resolved.digest());
        digests.addAll(resolved.manifests());
        return digests;
    }

    /** Queues one scan of the image per hour at most (the scan id names the digest and the hour). */
    private String queueScan(ImageReference ref, Digest digest) {
        if (queue == null) {
            return "";
        }
        String hour = clock.instant().truncatedTo(ChronoUnit.HOURS).toString();
        String scanId = "admission-" + Digest.sha256Of(digest + "\n" + hour).hex().substring(0, 32);
        String image = ref.registry() + "/" + ref.repository() + "@" + digest;
        try {
            table.scans().create(scanId, ScanTrigger.MANUAL, digest.toString(), null);
        } catch (ConditionFailedException e) {
            return "; its scan is queued";
        }
        try {
            if (queue.sendAll(List.of(new ScanJob(scanId, digest.toString(), null, ScanTrigger.MANUAL, 1, image)))
                    .isEmpty()) {
                return "; its scan is queued (" + scanId + ")";
            }
            table.scans().fail(scanId, "the admission webhook's scan job could not be queued");
        } catch (RuntimeException e) {
            LOG.log(System.Logger.Level.WARNING, "scan " + scanId + " of " + image + " not queued: " + e);
        }
        return "; its scan could not be queued";
    }

    /** The first reasons of the stored verdict JSON; empty when it is missing. */
    private String reasons(String digest) {
        try (InputStream in = store.get(StoreKeys.imageVerdict(digest))) {
            Map<String, Object> verdict = JSON.std.mapFrom(in);
            Object reasons = verdict == null ? null : verdict.get("reasons");
            if (!(reasons instanceof List<?> list) || list.isEmpty()) {
                return "";
            }
            List<String> messages = new ArrayList<>();
            for (Object r : list.subList(0, Math.min(MAX_REASONS, list.size()))) {
                if (r instanceof Map<?, ?> m && m.get("message") instanceof String message) {
                    List<String> ids = new ArrayList<>();
                    if (m.get("findings") instanceof List<?> findings) {
                        for (Object f : findings.subList(0, Math.min(MAX_IDS, findings.size()))) {
                            if (f instanceof Map<?, ?> finding && finding.get("id") instanceof String id) {
                                ids.add(id + (finding.get("package") instanceof String p ? " in " + p : ""));
                            }
                        }
                        if (findings.size() > MAX_IDS) {
                            ids.add("…");
                        }
                    }
                    messages.add(message + (ids.isEmpty() ? "" : " (" + String.join(", ", ids) + ")"));
                }
            }
            String more = list.size() > MAX_REASONS ? " (and " + (list.size() - MAX_REASONS) + " more)" : "";
            return messages.isEmpty() ? "" : ": " + String.join("; ", messages) + more;
        } catch (NotFoundException e) {
            return "";
        } catch (IOException e) {
            return "";
        }
    }

    private static String oneLine(Throwable e) {
        String m = e.getMessage() == null ? e.getClass().getSimpleName() : e.getMessage();
        int nl = m.indexOf('\n');
        return nl < 0 ? m : m.substring(0, nl);
    }

    @SuppressWarnings("unchecked")
    private static Map<String, Object> map(Object value, String what) {
        if (!(value instanceof Map)) {
            throw ApiException.badRequest("the AdmissionReview has no " + what + " object");
        }
        return (Map<String, Object>) value;
    }

    private static Map<String, Object> optionalMap(Object value, String what) {
        return value == null ? null : map(value, what);
    }
}
