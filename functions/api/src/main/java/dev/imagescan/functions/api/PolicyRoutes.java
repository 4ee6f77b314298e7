package dev.imagescan.functions.api;

import dev.imagescan.policy.Policy;
import dev.imagescan.policy.PolicyFormatException;
import dev.imagescan.policy.PolicyParser;
import dev.imagescan.service.PolicyConflictException;
import dev.imagescan.service.PolicyService;
import dev.imagescan.store.ConditionFailedException;
import dev.imagescan.store.PolicyStore;
import dev.imagescan.store.StoredPolicy;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.Map;
import java.util.Optional;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * {@code GET /policy} (the document in force as stored, {@code ETag: "<revision>"}; the default policy at revision 0
 * when none is stored) and {@code PUT /policy} ({@link PolicyService#put}: validated, stored as the next revision).
 * {@code If-Match: "<revision>"} makes the write conditional (412 when the policy moved on); a version that the
 * current or an earlier revision used for another document is a 409; the very same document as the current one
 * stores nothing.
 */
public final class PolicyRoutes {
    /** What {@code GET /policy} shows when no policy is stored: the document {@link Policy#defaults()} means. */
    static final String DEFAULT_DOCUMENT = "{\n  \"version\" : \"" + Policy.DEFAULT_VERSION
            + "\",\n  \"blockAt\" : \"High\",\n  \"onlyFixable\" : true\n}\n";
    private static final Pattern ETAG = Pattern.compile("(?:W/)?\"(\\d{1,18})\"");

    private final PolicyService service;
    private final PolicyStore store;

    PolicyRoutes(PolicyService service, PolicyStore store) {
        this.service = service;
        this.store = store;
    }

    public void register(Router router) {
        router.add("GET", "/policy", (request, params) -> get());
        router.add("PUT", "/policy", (request, params) -> put(request));
    }

    private ApiResponse get() {
        Optional<StoredPolicy> stored = service.stored();
        if (stored.isEmpty()) {
            return headers(ApiResponse.text(200, ApiResponse.JSON, DEFAULT_DOCUMENT), 0, Policy.DEFAULT_VERSION)
                    .withHeader("X-Imagescan-Policy-Default", "true");
        }
        StoredPolicy p = stored.get();
        return headers(ApiResponse.text(200, ApiResponse.JSON, new String(p.document(), StandardCharsets.UTF_8)),
                p.revision(), p.version()).withHeader("X-Imagescan-Policy-Default", "false");
    }

    private ApiResponse put(ApiRequest request) {
        JsonBodies.requireJson(request);
        String ifMatch = request.header("if-match");
        Long expected = ifMatch == null ? null : expectedRevision(ifMatch);
        StoredPolicy saved;
        try {
            checkEarlierVersions(request.body());
            saved = service.put(request.body(), expected);
        } catch (PolicyFormatException e) {
            throw new ApiException(400, "invalid policy", e.getMessage(), Map.of());
        } catch (PolicyConflictException e) {
            throw ApiException.conflict(e.getMessage());
        } catch (ConditionFailedException e) {
            if (ifMatch != null) {
                throw ApiException.preconditionFailed(e.getMessage() + " (If-Match: " + ifMatch.trim()
                        + "); read it again and merge your change");
            }
            throw ApiException.conflict(e.getMessage() + "; another change was stored meanwhile, read it again");
        }
        return headers(ApiResponse.json(200, g -> {
            g.writeStartObject();
            g.writeNumberField("revision", saved.revision());
            g.writeStringField("version", saved.version());
            JsonContent.instantField(g, "savedAt", saved.savedAt());
            g.writeEndObject();
        }), saved.revision(), saved.version());
    }

    /** The revision an {@code If-Match} names: {@code "<revision>"} as {@code GET /policy}'s ETag gives it. */
    private static long expectedRevision(String ifMatch) {
        Matcher m = ETAG.matcher(ifMatch.trim());
        if (!m.matches()) {
            throw ApiException.badRequest("If-Match must be the ETag of GET /policy, \"<revision>\", not '"
                    + ApiText.cut(ifMatch.trim()) + "'");
        }
        return Long.parseLong(m.group(1));
    }

    /**
     * 409 when a revision before the current one stored this document's version with other bytes (the service
     * checks the current revision itself). An invalid document is left to the service to refuse.
     */
    private void checkEarlierVersions(byte[] document) throws PolicyFormatException {
        String version = PolicyParser.parse(document).version();
        Optional<StoredPolicy> current = store.current();
        if (current.isEmpty() || current.get().version().equals(version)) {
            return;
        }
        for (long r = current.get().revision() - 1; r >= 1; r--) {
            Optional<StoredPolicy> earlier = store.revision(r);
            if (earlier.isPresent() && earlier.get().version().equals(version)) {
                if (!Arrays.equals(earlier.get().document(), document)) {
                    throw ApiException.conflict("policy version " + version + " is already stored (revision " + r
                            + ") with other content; a changed policy needs a new version");
                }
                return;
            }
        }
    }

    private static ApiResponse headers(ApiResponse response, long revision, String version) {
        return response.withHeader("ETag", "\"" + revision + "\"")
                .withHeader("X-Imagescan-Policy-Revision", Long.toString(revision))
                .withHeader("X-Imagescan-Policy-Version", version);
    }
}
