package dev.imagescan.functions.api;

import dev.imagescan.policy.Verdict;
import dev.imagescan.policy.VerdictJsonWriter;
import dev.imagescan.service.VerdictService;
import dev.imagescan.store.ImageRecord;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;

/**
 * {@code GET /images/{digest}/verdict}: the policy in force applied now ({@link VerdictService#evaluate}) to the
 * report of the image's last scan, so an allow-list entry that expired yesterday already waives nothing. 200 whether
 * ALLOWED or BLOCKED: the body and {@code X-Imagescan-Verdict} say which. Nothing is written.
 */
public final class VerdictRoute {
    private final LatestResults results;
    private final VerdictService verdicts;

    VerdictRoute(LatestResults results, VerdictService verdicts) {
        this.results = results;
        this.verdicts = verdicts;
    }

    public void register(Router router) {
        router.add("GET", "/images/{digest}/verdict", (request, params) -> get(params.get("digest")));
    }

    private ApiResponse get(String digest) {
        ImageRecord image = results.scanned(digest);
        Verdict verdict = verdicts.evaluate(results.report(image));
        ByteArrayOutputStream out = new ByteArrayOutputStream(4096);
        try {
            new VerdictJsonWriter().write(verdict, out);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return ApiResponse.text(200, ApiResponse.JSON, out.toString(StandardCharsets.UTF_8) + "\n")
                .withHeader("X-Imagescan-Verdict", verdict.decision().name())
                .withHeader("X-Imagescan-Policy-Version", verdict.policyVersion());
    }
}
