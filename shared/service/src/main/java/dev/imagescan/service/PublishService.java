package dev.imagescan.service;

import dev.imagescan.report.Finding;
import dev.imagescan.report.JsonReportReader;
import dev.imagescan.report.VulnerabilityReport;
import dev.imagescan.service.JobOutcome.Status;
import dev.imagescan.store.BusEvent;
import dev.imagescan.store.EventBus;
import dev.imagescan.store.ImageRecord;
import dev.imagescan.store.Images;
import dev.imagescan.store.NotFoundException;
import dev.imagescan.store.ObjectStore;
import dev.imagescan.store.PutOptions;
import dev.imagescan.store.ScanCompleted;
import dev.imagescan.store.StoreException;
import dev.imagescan.store.StoreKeys;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.time.Clock;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;

/**
 * Publishes what a scan found (docs/storage.md, "Publishing"): for a {@link ScanCompleted.Kind#SCANNED} message it
 * reads the stored JSON report ({@link JsonReportReader}), writes it with its SARIF, CycloneDX and HTML renderings
 * under
 * {@code reports/<digest>/<scanId>/}, copies them under {@code reports/<digest>/latest/} when the scan is still the
 * image's latest, and puts the {@link PublishEvents} on the bus; a {@link ScanCompleted.Kind#REJUDGED} message only
 * announces the verdict change (and refreshes the latest copy of the verdict).
 *
 * <p>Idempotent: a marker is written last, after the events were taken; a message whose marker exists does nothing.
 * A crash between the bus taking the events and the marker being written announces them again on the next delivery
 * (the bus is at least once anyway). A message or report that cannot be used is {@link Status#FAILED} with its reason
 * and nothing published; a failing store or bus asks for the message again ({@link Status#RETRY}), until the last
 * delivery ({@link Status#GAVE_UP}).
 */
public final class PublishService {
    /** The largest JSON report read (a report of thousands of findings is a few MiB). */
    public static final int MAX_REPORT_BYTES = JsonReportReader.MAX_BYTES;
    /** The verdict's file name in the {@code latest/} folder. */
    public static final String VERDICT = "verdict.json";

    private final ObjectStore store;
    private final Images images;
    private final EventBus bus;
    private final String bucket;
    private final JsonReportReader reader = new JsonReportReader();
    private final Clock clock;

    /**
     * @param bucket the bucket {@code store} writes to, for the s3:// URIs and ARNs the events carry
     */
    public PublishService(ObjectStore store, Images images, EventBus bus, String bucket, Clock clock) {
        this.store = Objects.requireNonNull(store, "store");
        this.images = Objects.requireNonNull(images, "images");
        this.bus = Objects.requireNonNull(bus, "bus");
        this.bucket = Objects.requireNonNull(bucket, "bucket");
        this.clock = Objects.requireNonNull(clock, "clock");
    }

    /** Publishes one message delivered for the {@code delivery.receiveCount()}-th time. */
    public JobOutcome publish(ScanCompleted message, Delivery delivery) {
        try {
            return message.kind() == ScanCompleted.Kind.SCANNED ? scanned(message) : rejudged(message);
        } catch (BadInput e) {
            return outcome(Status.FAILED, message, e.getMessage());
        } catch (StoreException | UncheckedIOException e) {
            Status status = delivery.isLast() ? Status.GAVE_UP : Status.RETRY;
            return outcome(status, message, (delivery.isLast() ? "gave up after " + delivery.receiveCount()
                    + " deliveries: " : "") + e.getMessage());
        }
    }

    private JobOutcome scanned(ScanCompleted m) {
        String digest = m.imageDigest();
        requireOfImage("reportKey", m.reportKey(), digest);
        if (m.previousReportKey() != null) {
            requireOfImage("previousReportKey", m.previousReportKey(), digest);
        }
        String markerKey = StoreKeys.publishedMarker(digest, m.scanId());
        if (store.head(markerKey).isPresent()) {
            return outcome(Status.SKIPPED, m, "already published (" + markerKey + " exists)");
        }
        byte[] json = read(m.reportKey());
        VulnerabilityReport report = parse(m.reportKey(), json);
        List<RenderedReports.Rendered> files;
        try {
            files = RenderedReports.render(json, report);
        } catch (RuntimeException e) {
            throw new BadInput("report " + m.reportKey() + " could not be rendered: " + e, e);
        }
        List<Finding> added = null;
        String note = "";
        if (m.previousReportKey() != null && !m.previousReportKey().equals(m.reportKey())) {
            try {
                added = PublishEvents.added(report.findings(), parse(m.previousReportKey(),
                        read(m.previousReportKey())).findings());
            } catch (BadInput e) {
                note = "; previous report not compared: " + e.getMessage();
            }
        }
        Optional<ImageRecord> record = images.get(digest);
        PublishEvents.Image image = image(digest, record, report);

        Map<String, String> keys = new LinkedHashMap<>();
        Map<String, String> uris = new LinkedHashMap<>();
        for (RenderedReports.Rendered f : files) {
            String key = StoreKeys.scanReport(digest, m.scanId(), f.file());
            store.put(key, f.bytes(), f.options());
            keys.put(f.format(), key);
            uris.put(f.format(), s3(key));
        }
        boolean latest = isLatest(record, m);
        String verdictKey = null;
        if (latest) {
            for (RenderedReports.Rendered f : files) {
                store.put(StoreKeys.latestReport(digest, f.file()), f.bytes(), f.options());
            }
            verdictKey = copyVerdict(digest);
        } else if (store.head(StoreKeys.imageVerdict(digest)).isPresent()) {
            verdictKey = StoreKeys.imageVerdict(digest);
        }

        String reportUri = uris.get("json");
        List<String> resources = List.of(arn(keys.get("json")));
        List<BusEvent> events = new ArrayList<>();
        events.add(PublishEvents.scan(m, image, report.counts(), report.coverage().status().name(), uris, resources));
        int omitted = 0;
        if (added != null && !added.isEmpty()) {
            PublishEvents.Capped capped = PublishEvents.newVulnerabilities(m, image, added, reportUri,
                    s3(m.previousReportKey()), resources);
            omitted = capped.omitted();
            events.add(capped.event());
        }
        if (m.verdictChanged()) {
            events.add(PublishEvents.verdictChanged(m, image, reportUri, verdictKey == null ? null : s3(verdictKey),
                    resources));
        }
        List<PublishMarker.PutEvent> put = put(events);
        int newCount = added == null ? -1 : added.size();
        store.put(markerKey, new PublishMarker(m.kind().name(), m.scanId(), digest, clock.instant(), latest, keys,
                put, newCount, omitted).toJson(), PutOptions.JSON);
        return outcome(Status.DONE, m, files.size() + " reports" + (latest ? " (and latest)" : " (not latest)")
                + ", " + put.size() + " events" + (newCount >= 0 ? ", " + newCount + " new vulnerabilities" : "")
                + note);
    }

    private JobOutcome rejudged(ScanCompleted m) {
        String digest = m.imageDigest();
        String markerKey = StoreKeys.verdictMarker(digest, m.scanId(), m.completedAt().toEpochMilli());
        if (store.head(markerKey).isPresent()) {
            return outcome(Status.SKIPPED, m, "already published (" + markerKey + " exists)");
        }
        if (!m.verdictChanged()) {
            return outcome(Status.SKIPPED, m, "no verdict change to announce (" + m.previousVerdict() + " -> "
                    + m.verdict() + ")");
        }
        Optional<ImageRecord> record = images.get(digest);
        boolean latest = isLatest(record, m);
        String verdictKey = latest ? copyVerdict(digest)
                : store.head(StoreKeys.imageVerdict(digest)).isPresent() ? StoreKeys.imageVerdict(digest) : null;
        PublishEvents.Image image = image(digest, record, null);
        List<String> resources = List.of(arn(verdictKey != null ? verdictKey : m.reportKey()));
        BusEvent event = PublishEvents.verdictChanged(m, image, s3(m.reportKey()),
                verdictKey == null ? null : s3(verdictKey), resources);
        List<PublishMarker.PutEvent> put = put(List.of(event));
        store.put(markerKey, new PublishMarker(m.kind().name(), m.scanId(), digest, clock.instant(), latest, Map.of(),
                put, -1, 0).toJson(), PutOptions.JSON);
        return outcome(Status.DONE, m, "verdict " + m.previousVerdict() + " -> " + m.verdict() + " announced");
    }

    /** Puts the events; a store failure (retried) unless the bus took every one. */
    private List<PublishMarker.PutEvent> put(List<BusEvent> events) {
        List<String> ids = bus.put(events);
        List<PublishMarker.PutEvent> put = new ArrayList<>();
        int missing = 0;
        for (int i = 0; i < events.size(); i++) {
            if (ids.get(i) == null) {
                missing++;
            } else {
                put.add(new PublishMarker.PutEvent(events.get(i).detailType(), ids.get(i)));
            }
        }
        if (missing > 0) {
            throw new StoreException("the event bus did not take " + missing + " of " + events.size() + " events",
                    null, true);
        }
        return put;
    }

    /**
     * Whether the message's scan is still the image's latest: the image record names it, names none, or names one
     * that did not finish after it.
     */
    static boolean isLatest(Optional<ImageRecord> record, ScanCompleted m) {
        if (record.isEmpty() || record.get().lastScanId() == null || record.get().lastScanId().equals(m.scanId())) {
            return true;
        }
        return record.get().lastScanAt() == null || !record.get().lastScanAt().isAfter(m.completedAt());
    }

    /** Copies the image's verdict to {@code latest/}; the copy's key, or null when the image has none. */
    private String copyVerdict(String digest) {
        byte[] verdict;
        try (InputStream in = store.get(StoreKeys.imageVerdict(digest))) {
            verdict = in.readAllBytes();
        } catch (NotFoundException e) {
            return null;
        } catch (IOException e) {
            throw new UncheckedIOException("reading " + StoreKeys.imageVerdict(digest) + ": " + e.getMessage(), e);
        }
        String key = StoreKeys.latestReport(digest, VERDICT);
        store.put(key, verdict, PutOptions.JSON);
        return key;
    }

    private PublishEvents.Image image(String digest, Optional<ImageRecord> record, VulnerabilityReport report) {
        if (record.isPresent() && (record.get().repository() != null || !record.get().tags().isEmpty())) {
            return new PublishEvents.Image(digest, record.get().repository(), record.get().tags());
        }
        List<String> tags = report == null || report.inventory().image().tags() == null ? List.of()
                : report.inventory().image().tags();
        return new PublishEvents.Image(digest, null, tags);
    }

    private byte[] read(String key) {
        try (InputStream in = store.get(key)) {
            byte[] bytes = in.readNBytes(MAX_REPORT_BYTES + 1);
            if (bytes.length > MAX_REPORT_BYTES) {
                throw new BadInput("report " + key + " is larger than " + MAX_REPORT_BYTES + " bytes", null);
            }
            return bytes;
        } catch (NotFoundException e) {
            throw new BadInput("report " + key + " does not exist", e);
        } catch (IOException e) {
            throw new UncheckedIOException("reading " + key + ": " + e.getMessage(), e);
        }
    }

    private VulnerabilityReport parse(String key, byte[] json) {
        try {
            return reader.read(new ByteArrayInputStream(json));
        } catch (IOException | RuntimeException e) {
            throw new BadInput("report " + key + " is not a readable JSON report: " + e.getMessage(), e);
        }
    }

    private static void requireOfImage(String field, String key, String digest) {
        if (!key.startsWith(StoreKeys.imagePrefix(digest)) || !key.endsWith(".json") || key.contains("/../")) {
            throw new BadInput(field + " " + key + " is not a report of image " + digest + " (under "
                    + StoreKeys.imagePrefix(digest) + ")", null);
        }
    }

    private String s3(String key) {
        return "s3://" + bucket + "/" + key;
    }

    private String arn(String key) {
        return "arn:aws:s3:::" + bucket + "/" + key;
    }

    private static JobOutcome outcome(Status status, ScanCompleted m, String message) {
        return new JobOutcome(status, m.scanId(), m.imageDigest(), message);
    }

    /** A permanent problem of the message or of what it points at. */
    private static final class BadInput extends RuntimeException {
        private static final long serialVersionUID = 1L;

        BadInput(String message, Throwable cause) {
            super(message, cause);
        }
    }
}
