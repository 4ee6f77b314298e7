package dev.imagescan.functions.api;

import dev.imagescan.policy.Policy;
import dev.imagescan.policy.PolicyFormatException;
import dev.imagescan.policy.PolicyParser;
import dev.imagescan.store.ConditionFailedException;
import dev.imagescan.store.StoredPolicy;
import java.nio.charset.StandardCharsets;
import java.util.Map;
import java.util.Optional;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * {@code GET /policy} (the document in force, {@code ETag: "<revision>"}; the default policy at revision 0 when
 * none is stored) and {@code PUT /policy} (validate with {@link PolicyParser}, store as the next revision).
 * {@code If-Match: "<revision>"} makes the write conditional (412 when the policy moved on); a version that an
 * earlier revision used for other content is a 409; the same document as the current one stores nothing.
 */
public final class PolicyRoutes {
    private static final Pattern ETAG = Pattern.compile("(?:W/)?\"(\\d{1,18})\"");

    private final Policies policies;

    PolicyRoutes(Policies policies) {
        this.policies = policies;
    }

    public void register(Router router) {
        router.add("GET", "/policy", (request, params) -> get());
        router.add("PUT", "/policy", (request, params) -> put(request));
    }

    private ApiResponse get() {
        Policies.InForce current = policies.current();
        ApiResponse response = ApiResponse.text(200, ApiResponse.JSON,
                new String(current.document(), StandardCharsets.UTF_8));
        return headers(response, current.revision(), current.policy().version())
                .withHeader("X-Imagescan-Policy-Default", Boolean.toString(current.isDefault()));
    }

    private ApiResponse put(ApiRequest request) {
        JsonBodies.requireJson(request);
        Policy policy;
        try {
            policy = PolicyParser.parse(request.body());
        } catch (PolicyFormatException e) {
            throw new ApiException(400, "invalid policy", e.getMessage(), Map.of());
        }
        Optional<StoredPolicy> current = policies.store().current();
        long revision = current.map(StoredPolicy::revision).orElse(0L);
        String ifMatch = request.header("if-match");
        if (ifMatch != null) {
            long expected = expectedRevision(ifMatch, revision);
            if (expected != revision) {
                throw stale(revision, expected);
            }
        }
        if (current.isPresent() && Policies.parseStored(current.get()).equals(policy)) {
            return saved(200, current.get(), false);
        }
        checkVersionUnused(policy, revision);
        StoredPolicy stored;
        try {
            stored = policies.store().put(policy.version(), request.body(), revision);
        } catch (ConditionFailedException e) {
            if (ifMatch != null) {
                throw ApiException.preconditionFailed("the policy changed after revision " + revision
                        + " while this one was stored; read it again");
            }
            throw ApiException.conflict("the policy changed after revision " + revision
                    + " while this one was stored; read it again and retry");
        }
        return saved(200, stored, true);
    }

    /** The revision an {@code If-Match} names; {@code *} names whatever is current, if anything is stored. */
    private static long expectedRevision(String ifMatch, long revision) {
        String value = ifMatch.trim();
        if (value.equals("*")) {
            if (revision == 0) {
                throw ApiException.preconditionFailed("If-Match: * but no policy is stored yet");
            }
            return revision;
        }
        Matcher m = ETAG.matcher(value);
        if (!m.matches()) {
            throw ApiException.badRequest("If-Match must be the ETag of GET /policy, \"<revision>\", not '"
                    + ApiText.cut(value) + "'");
        }
        return Long.parseLong(m.group(1));
    }

    private static ApiException stale(long revision, long expected) {
        return ApiException.preconditionFailed("the policy is at revision " + revision + ", not " + expected
                + " (If-Match); read it again and merge your change");
    }

    /** 409 when an earlier revision with this version holds other rules (the newest such revision decides). */
    private void checkVersionUnused(Policy policy, long revision) {
        for (long r = revision; r >= 1; r--) {
            Optional<StoredPolicy> earlier = policies.store().revision(r);
            if (earlier.isPresent() && earlier.get().version().equals(policy.version())) {
                if (!Policies.parseStored(earlier.get()).equals(policy)) {
                    throw ApiException.conflict("policy version " + policy.version() + " is already used by revision "
                            + r + " with other content; give the changed policy a new version");
                }
                return;
            }
        }
    }

    private static ApiResponse saved(int status, StoredPolicy stored, boolean created) {
        ApiResponse response = ApiResponse.json(status, g -> {
            g.writeStartObject();
            g.writeNumberField("revision", stored.revision());
            g.writeStringField("version", stored.version());
            JsonContent.instantField(g, "savedAt", stored.savedAt());
            g.writeBooleanField("changed", created);
            g.writeEndObject();
        });
        return headers(response, stored.revision(), stored.version());
    }

    private static ApiResponse headers(ApiResponse response, long revision, String version) {
        return response.withHeader("ETag", "\"" + revision + "\"")
                .withHeader("X-Imagescan-Policy-Revision", Long.toString(revision))
                .withHeader("X-Imagescan-Policy-Version", version);
    }
}
