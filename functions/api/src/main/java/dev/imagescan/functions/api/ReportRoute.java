package dev.imagescan.functions.api;

import dev.imagescan.report.VulnerabilityReport;
import dev.imagescan.store.ImageRecord;
import dev.imagescan.store.NotFoundException;
import dev.imagescan.store.ObjectInfo;
import dev.imagescan.store.ObjectStore;
import dev.imagescan.store.StoreKeys;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.time.temporal.ChronoUnit;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;

/**
 * {@code GET /images/{digest}/report?format=json|sarif|cyclonedx|html[&redirect=true]}: the report of the image's
 * last scan. The published copy ({@code reports/<digest>/latest/report.<ext>}) is served when it is at least as new
 * as that scan; otherwise the stored JSON report is served as it is ({@code json}) or read back and rendered.
 *
 * <p>When the report is an object as it is (the published copy, or the stored JSON report), a body too large for a
 * Lambda response, or any body with {@code redirect=true}, is answered {@code 303 See Other} with a presigned S3 URL
 * in {@code Location} ({@link ReportRedirect}). A rendering (no object to point at) too large to send is a 413.
 */
public final class ReportRoute {
    private final ObjectStore store;
    private final LatestResults results;
    private final ResponseLimit limit;
    private final PresignedLinks links;

    ReportRoute(ObjectStore store, LatestResults results, ResponseLimit limit, PresignedLinks links) {
        this.store = store;
        this.results = results;
        this.limit = limit;
        this.links = links;
    }

    public void register(Router router) {
        router.add("GET", "/images/{digest}/report", (request, params) -> get(params.get("digest"),
                ReportFormat.of(request.query("format")), redirect(request.query("redirect"))));
    }

    /** {@code redirect}: absent or {@code false}, or {@code true}; anything else is a 400. */
    static boolean redirect(String value) {
        if (value == null || value.equalsIgnoreCase("false")) {
            return false;
        }
        if (value.equalsIgnoreCase("true")) {
            return true;
        }
        throw ApiException.badRequest("redirect is true or false, not '" + ApiText.cut(value) + "'");
    }

    private ApiResponse get(String digest, ReportFormat format, boolean redirect) {
        ImageRecord image = results.scanned(digest);
        String published = format.publishedKey(StoreKeys.reportPrefix(digest));
        Optional<ObjectInfo> copy = store.head(published).filter(info -> isCurrent(info, image));
        ApiResponse response;
        if (copy.isPresent()) {
            response = object(copy.get(), format, redirect).withHeader("X-Imagescan-Report-Source", "published");
        } else if (format == ReportFormat.JSON) {
            String key = LatestResults.reportKey(image);
            ObjectInfo info = store.head(key).orElseThrow(() -> ApiException.notFound("the report of image "
                    + digest + " (" + key + ") is not stored"));
            response = object(info, format, redirect).withHeader("X-Imagescan-Report-Source", "stored");
        } else {
            response = render(results.report(image), format, LatestResults.reportKey(image), published)
                    .withHeader("X-Imagescan-Report-Source", "rendered");
        }
        return response.withHeader("X-Imagescan-Db-Version", image.dbVersion());
    }

    /** A published copy counts when written no earlier than the last scan (S3 keeps whole seconds). */
    private static boolean isCurrent(ObjectInfo info, ImageRecord image) {
        return info.lastModified() != null && image.lastScanAt() != null
                && !info.lastModified().isBefore(image.lastScanAt().truncatedTo(ChronoUnit.SECONDS));
    }

    /** The object's bytes as the body, or a redirect to it when asked for or when they would not fit. */
    private ApiResponse object(ObjectInfo info, ReportFormat format, boolean redirect) {
        if (redirect) {
            return ReportRedirect.to(links, info, format, "requested");
        }
        if (!limit.mayFit(info.size())) {
            return ReportRedirect.to(links, info, format, "too large");
        }
        String body;
        try (InputStream in = store.get(info.key())) {
            body = new String(in.readNBytes(limit.maxBytes() + 1), StandardCharsets.UTF_8);
        } catch (NotFoundException e) {
            throw ApiException.notFound(info.key() + " was deleted while it was read");
        } catch (IOException e) {
            throw new UncheckedIOException("reading " + info.key() + ": " + e.getMessage(), e);
        }
        if (!limit.fits(body)) {
            return ReportRedirect.to(links, info, format, "too large");
        }
        return ApiResponse.text(200, format.contentType(), body);
    }

    /**
     * Renders {@code report} (there is no object of this format to redirect to, even with {@code redirect=true});
     * too large, a 413 naming the stored JSON report it was rendered from and the copy to wait for.
     */
    private ApiResponse render(VulnerabilityReport report, ReportFormat format, String jsonKey, String published) {
        ResponseLimit.Buffer out = limit.buffer();
        try {
            format.writer().write(report, out);
        } catch (ResponseLimit.TooLarge e) {
            throw tooLarge(format, jsonKey, published, -1);
        } catch (IOException e) {
            throw new UncheckedIOException("rendering " + format.parameter() + ": " + e.getMessage(), e);
        }
        String body = new String(out.toByteArray(), StandardCharsets.UTF_8);
        if (!limit.fits(body)) {
            throw tooLarge(format, jsonKey, published, ResponseLimit.escapedSize(body));
        }
        return ApiResponse.text(200, format.contentType(), body);
    }

    private ApiException tooLarge(ReportFormat format, String jsonKey, String published, long size) {
        String object = links.objectUri(jsonKey);
        return new ApiException(413, "too large", String.format(Locale.ROOT, "the %s report is %s bytes, more than "
                + "a Lambda response carries (%d), and it is not published yet (%s): retry once the publish "
                + "function has written it (the answer is then a redirect to it), or ask for format=json",
                format.parameter(), size < 0 ? "over " + limit.maxBytes() : Long.toString(size), limit.maxBytes(),
                published), Map.of("X-Imagescan-Object", object));
    }
}
