package dev.imagescan.functions.api;

import dev.imagescan.policy.PolicyEvaluator;
import dev.imagescan.policy.Verdict;
import dev.imagescan.policy.VerdictJsonWriter;
import dev.imagescan.store.ImageRecord;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.time.Clock;

/**
 * {@code GET /images/{digest}/verdict}: the policy in force applied now to the report of the image's last scan
 * (so an allow-list entry that expired yesterday no longer waives anything), as the verdict JSON. 200 whether
 * ALLOWED or BLOCKED: the body and {@code X-Imagescan-Verdict} say which.
 */
public final class VerdictRoute {
    private final LatestResults results;
    private final Policies policies;
    private final Clock clock;

    VerdictRoute(LatestResults results, Policies policies, Clock clock) {
        this.results = results;
        this.policies = policies;
        this.clock = clock;
    }

    public void register(Router router) {
        router.add("GET", "/images/{digest}/verdict", (request, params) -> get(params.get("digest")));
    }

    private ApiResponse get(String digest) {
        ImageRecord image = results.scanned(digest);
        Policies.InForce policy = policies.current();
        Verdict verdict = PolicyEvaluator.evaluate(policy.policy(), results.report(image), clock);
        ByteArrayOutputStream out = new ByteArrayOutputStream(4096);
        try {
            new VerdictJsonWriter().write(verdict, out);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return ApiResponse.text(200, ApiResponse.JSON, out.toString(StandardCharsets.UTF_8) + "\n")
                .withHeader("X-Imagescan-Verdict", verdict.decision().name())
                .withHeader("X-Imagescan-Policy-Version", verdict.policyVersion())
                .withHeader("X-Imagescan-Policy-Revision", Long.toString(policy.revision()));
    }
}
