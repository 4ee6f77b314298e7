package dev.imagescan.functions.harbor;

import com.fasterxml.jackson.jr.ob.JSON;
import dev.imagescan.registry.ImageReference;
import dev.imagescan.registry.InvalidReferenceException;
import java.io.IOException;
import java.net.URI;
import java.net.URISyntaxException;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.regex.Pattern;

/**
 * Reads and checks the body of {@code POST /api/v1/scan}: JSON that is not an object, or fields of the wrong type,
 * are a 400; a field missing or not acceptable (a registry URL that is not a plain http(s) base URL or not an accepted
 * registry, a repository or tag off the reference grammar, a digest that is not {@code sha256:} and 64 hex digits, an
 * authorization that is neither Basic nor Bearer) a 422; a capability, report type, SBOM format or artifact media type
 * this scanner does not handle a 501.
 */
final class ScanRequestReader {
    static final int MAX_BODY_BYTES = 64 * 1024;
    private static final int MAX_AUTHORIZATION = 8 * 1024;
    private static final Pattern DIGEST = Pattern.compile("sha256:[a-f0-9]{64}");
    private static final Pattern TAG = Pattern.compile("[A-Za-z0-9_][A-Za-z0-9_.-]{0,127}");
    private static final Pattern AUTHORIZATION = Pattern.compile("(?i)(basic|bearer) [\\x21-\\x7e]+");

    private final RegistryPolicy registries;

    ScanRequestReader(RegistryPolicy registries) {
        this.registries = registries;
    }

    HarborScanRequest read(byte[] body) {
        if (body.length == 0) {
            throw HarborException.badRequest("the scan request has no body");
        }
        if (body.length > MAX_BODY_BYTES) {
            throw HarborException.badRequest("the scan request is over " + MAX_BODY_BYTES + " bytes");
        }
        Map<String, Object> doc;
        try {
            doc = JSON.std.mapFrom(body);
        } catch (IOException | RuntimeException e) {
            throw HarborException.badRequest("the scan request is not a JSON object: " + firstLine(e.getMessage()));
        }
        if (doc == null) {
            throw HarborException.badRequest("the scan request is not a JSON object");
        }
        Map<String, Object> registry = object(doc, "registry");
        Map<String, Object> artifact = object(doc, "artifact");
        if (registry == null || artifact == null) {
            throw HarborException.invalidField("a scan request has registry and artifact");
        }
        URI url = registryUrl(string(registry, "registry.url", "url"));
        String authorization = string(registry, "registry.authorization", "authorization");
        if (authorization != null && (authorization.length() > MAX_AUTHORIZATION
                || !AUTHORIZATION.matcher(authorization).matches())) {
            throw HarborException.invalidField("registry.authorization is a Basic or Bearer credential of at most "
                    + MAX_AUTHORIZATION + " characters");
        }
        String repository = required(artifact, "artifact.repository", "repository");
        String digest = required(artifact, "artifact.digest", "digest");
        if (!DIGEST.matcher(digest).matches()) {
            throw HarborException.invalidField("artifact.digest is sha256: and 64 lower-case hex digits, not '"
                    + cut(digest) + "'");
        }
        String tag = string(artifact, "artifact.tag", "tag");
        if (tag != null && tag.isEmpty()) {
            tag = null;
        }
        if (tag != null && !TAG.matcher(tag).matches()) {
            throw HarborException.invalidField("artifact.tag '" + cut(tag) + "' is not a tag");
        }
        String host = url.getPort() < 0 ? url.getHost() : url.getHost() + ":" + url.getPort();
        try {
            ImageReference ref = ImageReference.parse(host + "/" + repository + "@" + digest);
            if (!ref.registry().equalsIgnoreCase(host)) {
                throw HarborException.invalidField("registry host " + cut(host) + " cannot be named in an image "
                        + "reference (a registry host has a dot or a port, or is localhost)");
            }
            if (!ref.repository().equals(repository)) {
                throw HarborException.invalidField("artifact.repository '" + cut(repository)
                        + "' is not a repository name");
            }
        } catch (InvalidReferenceException e) {
            throw HarborException.invalidField("artifact.repository '" + cut(repository) + "' is not a repository"
                    + " name: " + e.getMessage());
        }
        String mimeType = string(artifact, "artifact.mime_type", "mime_type");
        if (mimeType != null && HarborMediaTypes.CONSUMED.stream().noneMatch(t -> HarborMediaTypes.same(t, mimeType))) {
            throw HarborException.notImplemented("artifacts of media type " + cut(mimeType) + " are not scanned; "
                    + "this scanner reads " + String.join(" and ", HarborMediaTypes.CONSUMED));
        }
        List<String> capabilities = capabilities(doc.get("enabled_capabilities"));
        return new HarborScanRequest(url, authorization, repository, digest, tag, mimeType, capabilities);
    }

    private URI registryUrl(String text) {
        if (text == null) {
            throw HarborException.invalidField("registry.url is missing");
        }
        URI url;
        try {
            url = new URI(text);
        } catch (URISyntaxException e) {
            throw HarborException.invalidField("registry.url '" + cut(text) + "' is not a URL");
        }
        String scheme = url.getScheme() == null ? "" : url.getScheme().toLowerCase(Locale.ROOT);
        boolean bare = url.getRawUserInfo() == null && url.getRawQuery() == null && url.getRawFragment() == null
                && (url.getRawPath() == null || url.getRawPath().isEmpty() || url.getRawPath().equals("/"));
        if (!(scheme.equals("https") || scheme.equals("http")) || url.getHost() == null || !bare) {
            throw HarborException.invalidField("registry.url is an http(s) base URL without user, path or query, "
                    + "not '" + cut(text) + "'");
        }
        String host = url.getPort() < 0 ? url.getHost() : url.getHost() + ":" + url.getPort();
        if (!registries.allows(host)) {
            throw HarborException.invalidField("registry " + cut(host) + " is not one this scanner pulls from ("
                    + RegistryPolicy.VARIABLE + ")");
        }
        return url;
    }

    private static List<String> capabilities(Object value) {
        List<String> types = new ArrayList<>();
        if (value == null) {
            return List.of("vulnerability", "sbom");
        }
        if (!(value instanceof List<?> list)) {
            throw HarborException.badRequest("enabled_capabilities is an array");
        }
        for (Object item : list) {
            if (!(item instanceof Map<?, ?> raw)) {
                throw HarborException.badRequest("enabled_capabilities holds objects");
            }
            @SuppressWarnings("unchecked")
            Map<String, Object> capability = (Map<String, Object>) raw;
            String type = required(capability, "enabled_capabilities[].type", "type");
            List<String> produced = switch (type) {
                case "vulnerability" -> HarborMediaTypes.VULNERABILITY_REPORTS;
                case "sbom" -> List.of(HarborMediaTypes.SBOM_REPORT);
                default -> throw HarborException.notImplemented("capability '" + cut(type) + "' is not offered");
            };
            for (String mediaType : strings(capability.get("produces_mime_types"), "produces_mime_types")) {
                if (produced.stream().noneMatch(p -> HarborMediaTypes.same(p, mediaType))) {
                    throw HarborException.notImplemented(type + " reports of type " + cut(mediaType)
                            + " are not produced");
                }
            }
            Object parameters = capability.get("parameters");
            if (parameters instanceof Map<?, ?> p) {
                for (String format : strings(p.get("sbom_media_types"), "sbom_media_types")) {
                    if (!HarborMediaTypes.SBOM_FORMATS.contains(format)) {
                        throw HarborException.notImplemented("SBOMs in " + cut(format) + " are not produced (only "
                                + String.join(", ", HarborMediaTypes.SBOM_FORMATS) + ")");
                    }
                }
            } else if (parameters != null) {
                throw HarborException.badRequest("enabled_capabilities[].parameters is an object");
            }
            types.add(type);
        }
        return types;
    }

    private static List<String> strings(Object value, String field) {
        if (value == null) {
            return List.of();
        }
        if (!(value instanceof List<?> list) || !list.stream().allMatch(String.class::isInstance)) {
            throw HarborException.badRequest(field + " is an array of strings");
        }
        return list.stream().map(String.class::cast).toList();
    }

    @SuppressWarnings("unchecked")
    private static Map<String, Object> object(Map<String, Object> doc, String field) {
        Object value = doc.get(field);
        if (value != null && !(value instanceof Map)) {
            throw HarborException.badRequest(field + " is an object");
        }
        return (Map<String, Object>) value;
    }

    private static String string(Map<String, Object> doc, String name, String field) {
        Object value = doc.get(field);
        if (value != null && !(value instanceof String)) {
            throw HarborException.badRequest(name + " is a string");
        }
        return (String) value;
    }

    private static String required(Map<String, Object> doc, String name, String field) {
        String value = string(doc, name, field);
        if (value == null || value.isEmpty()) {
            throw HarborException.invalidField(name + " is missing");
        }
        return value;
    }

    private static String firstLine(String s) {
        if (s == null) {
            return "unreadable";
        }
        int nl = s.indexOf('\n');
        return nl < 0 ? s : s.substring(0, nl);
    }

    private static String cut(String s) {
        return s.length() <= 100 ? s : s.substring(0, 100) + "…";
    }
}
