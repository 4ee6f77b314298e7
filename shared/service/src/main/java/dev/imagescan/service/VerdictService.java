package dev.imagescan.service;

import dev.imagescan.policy.Policy;
import dev.imagescan.policy.PolicyEvaluator;
import dev.imagescan.policy.Verdict;
import dev.imagescan.policy.VerdictJsonWriter;
import dev.imagescan.report.VulnerabilityReport;
import dev.imagescan.store.ImageRecord;
import dev.imagescan.store.Images;
import dev.imagescan.store.NotFoundException;
import dev.imagescan.store.ObjectStore;
import dev.imagescan.store.PutOptions;
import dev.imagescan.store.StoreKeys;
import dev.imagescan.store.UnsupportedFeatureException;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.lang.System.Logger.Level;
import java.time.Clock;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Objects;
import java.util.concurrent.atomic.AtomicBoolean;

/**
 * Judges images by the policy in force ({@link PolicyService}) and keeps the verdict where it is looked for
 * (docs/policy.md, "How it is applied"): the verdict JSON at {@code images/<digest>/verdict.json}, {@code verdict}
 * and {@code policyVersion} on the image record, and the tag {@value #TAG}{@code =ALLOWED|BLOCKED} on the image's
 * source archive, other tags kept. Where the bucket cannot tag objects (S3Proxy) one warning is logged and the rest
 * is done; an archive deleted since is not an error.
 */
public final class VerdictService {
    /** The tag the source archive carries. */
    public static final String TAG = "scan-verdict";
    private static final System.Logger LOG = System.getLogger(VerdictService.class.getName());

    private final ObjectStore store;
    private final Images images;
    private final PolicyService policies;
    private final Clock clock;
    private final AtomicBoolean warnedUntaggable = new AtomicBoolean();

    /** @param clock the time of the verdicts, on whose UTC date allow-list entries expire */
    public VerdictService(ObjectStore store, Images images, PolicyService policies, Clock clock) {
        this.store = Objects.requireNonNull(store, "store");
        this.images = Objects.requireNonNull(images, "images");
        this.policies = Objects.requireNonNull(policies, "policies");
        this.clock = Objects.requireNonNull(clock, "clock");
    }

    /**
     * A verdict and what the image had before.
     *
     * @param verdict         the new verdict
     * @param previousVerdict {@code ALLOWED} or {@code BLOCKED} as the image record had it, null when never judged
     * @param previousPolicy  the policy version of the previous verdict, null with it
     */
    public record Judgement(Verdict verdict, String previousVerdict, String previousPolicy) {
        /** {@code ALLOWED} or {@code BLOCKED}. */
        public String decision() {
            return verdict.decision().name();
        }

        /** Whether the decision differs from the one the image had (a first verdict is a change). */
        public boolean decisionChanged() {
            return !decision().equals(previousVerdict);
        }

        /** Whether the image record must be written: another decision, or the same from another policy version. */
        public boolean recordChanged() {
            return decisionChanged() || !verdict.policyVersion().equals(previousPolicy);
        }
    }

    /** The policy in force ({@link PolicyService#current()}). */
    public Policy policy() {
        return policies.current();
    }

    /**
     * The verdict of the policy in force on {@code report}, which must be built with {@code ReportFilter.ALL}.
     *
     * @throws IllegalArgumentException when the report's filter hid findings
     */
    public Verdict evaluate(VulnerabilityReport report) {
        return PolicyEvaluator.evaluate(policies.current(), report, clock);
    }

    /** Writes the verdict JSON of {@code digest} ({@link StoreKeys#imageVerdict}), replacing the one before. */
    public void putVerdict(String digest, Verdict verdict) {
        ByteArrayOutputStream out = new ByteArrayOutputStream(4096);
        try {
            new VerdictJsonWriter().write(verdict, out);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        store.put(StoreKeys.imageVerdict(digest), out.toByteArray(), PutOptions.JSON);
    }

    /**
     * Tags the source archive {@code sourceKey} (nothing when null) with the decision, keeping its other tags. An
     * archive that is gone, or a bucket that cannot tag, is logged and skipped.
     */
    public void tagSource(String sourceKey, Verdict verdict) {
        tagSource(sourceKey, verdict.decision().name());
    }

    /** {@link #tagSource(String, Verdict)} with a decision already recorded ({@code ALLOWED} or {@code BLOCKED}). */
    public void tagSource(String sourceKey, String decision) {
        if (sourceKey == null || decision == null) {
            return;
        }
        try {
            Map<String, String> tags = new LinkedHashMap<>(store.tags(sourceKey));
            if (decision.equals(tags.get(TAG))) {
                return;
            }
            tags.put(TAG, decision);
            if (tags.size() > ObjectStore.MAX_TAGS) {
                LOG.log(Level.WARNING, sourceKey + " already has " + ObjectStore.MAX_TAGS + " tags; not tagged "
                        + TAG + "=" + decision);
                return;
            }
            store.setTags(sourceKey, tags);
        } catch (UnsupportedFeatureException e) {
            if (warnedUntaggable.compareAndSet(false, true)) {
                LOG.log(Level.WARNING, "the bucket cannot tag objects, so source archives carry no " + TAG
                        + " tag (verdicts are still stored): " + e.getMessage());
            }
        } catch (NotFoundException e) {
            LOG.log(Level.DEBUG, "source archive " + sourceKey + " is gone; not tagged");
        }
    }

    /** Stores the decision on the image record; returns it with what the record had before. */
    public Judgement record(String digest, Verdict verdict) {
        String[] before = new String[2];
        images.update(digest, r -> {
            before[0] = r.verdict();
            before[1] = r.policyVersion();
            return r.withVerdict(verdict.decision().name(), verdict.policyVersion());
        });
        return new Judgement(verdict, before[0], before[1]);
    }

    /** What the image record says now, as a judgement of {@code verdict} (to decide before writing anything). */
    public Judgement compare(String digest, Verdict verdict) {
        ImageRecord r = images.get(digest).orElseGet(() -> ImageRecord.of(digest));
        return new Judgement(verdict, r.verdict(), r.policyVersion());
    }
}
