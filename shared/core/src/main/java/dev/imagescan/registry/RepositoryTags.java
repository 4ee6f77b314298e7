package dev.imagescan.registry;

import com.fasterxml.jackson.jr.ob.JSON;
import dev.imagescan.image.Digest;
import dev.imagescan.image.ImageFormatException;
import java.io.IOException;
import java.io.InputStream;
import java.net.URI;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * A repository's tags and what they point at, through the Distribution API: {@code GET /v2/<name>/tags/list?n=N},
 * paged by the {@code Link: <…>; rel="next"} header (followed only on the registry's own host), and
 * {@code HEAD /v2/<name>/manifests/<tag>} for a tag's digest ({@code Docker-Content-Digest}).
 */
final class RepositoryTags {
    /** Tags asked for per page. */
    static final int PAGE = 100;
    private static final int MAX_PAGE_BYTES = 4 * 1024 * 1024;
    private static final Pattern NEXT = Pattern.compile("<([^>]+)>\\s*;\\s*rel=\"?next\"?");

    private final RegistryTransport transport;
    private final ImageReference repository;
    private final FetchCounter counter;

    RepositoryTags(RegistryTransport transport, ImageReference repository, FetchCounter counter) {
        this.transport = transport;
        this.repository = repository;
        this.counter = counter;
    }

    /** The first {@code max} tags, in the registry's order. */
    List<String> list(int max) throws IOException {
        List<String> tags = new ArrayList<>();
        String scope = RegistryImageSource.scope(repository);
        String path = "/v2/" + repository.repository() + "/tags/list?n=" + PAGE;
        while (path != null && tags.size() < max) {
            HttpAnswer response = transport.get(path, "application/json", scope);
            RegistryResponses.requireOk(response, repository.repositoryName() + " tags", transport);
            byte[] body;
            try (InputStream in = response.body()) {
                body = in.readNBytes(MAX_PAGE_BYTES + 1);
            }
            counter.add(body.length);
            if (body.length > MAX_PAGE_BYTES) {
                throw new ImageFormatException(repository.repositoryName() + ": a tags page over " + MAX_PAGE_BYTES
                        + " bytes");
            }
            for (String tag : tagsOf(body)) {
                if (tags.size() < max) {
                    tags.add(tag);
                }
            }
            path = next(response.header("Link").orElse(null));
        }
        return tags;
    }

    /** The digest of the manifest (or index) {@code tag} names, from a HEAD. */
    Digest digest(String tag) throws IOException {
        String what = repository.repositoryName() + ":" + tag;
        HttpAnswer response = transport.head("/v2/" + repository.repository() + "/manifests/"
                + URLEncoder.encode(tag, StandardCharsets.UTF_8), ManifestFetcher.ACCEPT,
                RegistryImageSource.scope(repository));
        response.body().close();
        RegistryResponses.requireOk(response, what, transport);
        String header = response.header("Docker-Content-Digest").orElseThrow(() ->
                new RegistryException(what + ": the registry sent no Docker-Content-Digest for the manifest"));
        try {
            return Digest.parse(header.trim());
        } catch (ImageFormatException e) {
            throw new RegistryException(what + ": the registry sent an invalid Docker-Content-Digest", e);
        }
    }

    private List<String> tagsOf(byte[] body) throws IOException {
        Map<String, Object> doc;
        try {
            doc = JSON.std.mapFrom(body);
        } catch (IOException e) {
            throw new ImageFormatException(repository.repositoryName() + ": the tags list is not JSON", e);
        }
        Object tags = doc == null ? null : doc.get("tags");
        List<String> found = new ArrayList<>();
        if (tags instanceof List<?> list) {
            for (Object t : list) {
                if (t instanceof String tag) {
                    found.add(tag);
                }
            }
        }
        return found;
    }

    /** The path and query of the next page, or null: a link to another host or scheme ends the listing. */
    private String next(String link) {
        if (link == null) {
            return null;
        }
        Matcher m = NEXT.matcher(link);
        if (!m.find()) {
            return null;
        }
        URI base = transport.uri("/");
        URI to = base.resolve(m.group(1));
        if (!base.getScheme().equals(to.getScheme()) || !base.getRawAuthority().equals(to.getRawAuthority())
                || to.getRawPath() == null || !to.getRawPath().startsWith("/v2/")) {
            return null;
        }
        return to.getRawPath() + (to.getRawQuery() == null ? "" : "?" + to.getRawQuery());
    }
}
