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
import java.util.Map;
import java.util.Optional;

/**
 * {@code GET /images/{digest}/report?format=json|sarif|cyclonedx|html}: the report of the image's last scan. The
 * published copy ({@code reports/<digest>/latest/report.<ext>}) is served when it is at least as new as that scan;
 * otherwise the stored JSON report is served as it is ({@code json}) or read back and rendered. A body too large for
 * a Lambda response is a 413 naming the object to read instead ({@code X-Imagescan-Object}).
 */
public final class ReportRoute {
    private final ObjectStore store;
    private final String bucket;
    private final LatestResults results;
    private final ResponseLimit limit;

    ReportRoute(ObjectStore store, String bucket, LatestResults results, ResponseLimit limit) {
        this.store = store;
        this.bucket = bucket;
        this.results = results;
        this.limit = limit;
    }

    public void register(Router router) {
        router.add("GET", "/images/{digest}/report", (request, params) ->
                get(params.get("digest"), ReportFormat.of(request.query("format"))));
    }

    private ApiResponse get(String digest, ReportFormat format) {
        ImageRecord image = results.scanned(digest);
        String published = format.publishedKey(StoreKeys.reportPrefix(digest));
        Optional<ObjectInfo> copy = store.head(published).filter(info -> isCurrent(info, image));
        ApiResponse response;
        if (copy.isPresent()) {
            response = object(copy.get(), format).withHeader("X-Imagescan-Report-Source", "published");
        } else if (format == ReportFormat.JSON) {
            String key = LatestResults.reportKey(image);
            ObjectInfo info = store.head(key).orElseThrow(() -> ApiException.notFound("the report of image "
                    + digest + " (" + key + ") is not stored"));
            response = object(info, format).withHeader("X-Imagescan-Report-Source", "stored");
        } else {
            response = render(results.report(image), format, LatestResults.reportKey(image))
                    .withHeader("X-Imagescan-Report-Source", "rendered");
        }
        return response.withHeader("X-Imagescan-Db-Version", image.dbVersion());
    }

    /** A published copy counts when written no earlier than the last scan (S3 keeps whole seconds). */
    private static boolean isCurrent(ObjectInfo info, ImageRecord image) {
        return info.lastModified() != null && image.lastScanAt() != null
                && !info.lastModified().isBefore(image.lastScanAt().truncatedTo(ChronoUnit.SECONDS));
    }

    private ApiResponse object(ObjectInfo info, ReportFormat format) {
        if (!limit.mayFit(info.size())) {
            throw tooLarge(format, info.key(), info.size());
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
            throw tooLarge(format, info.key(), ResponseLimit.escapedSize(body));
        }
        return ApiResponse.text(200, format.contentType(), body);
    }

    /** Renders {@code report}; too large, the answer names the stored JSON report it was rendered from. */
    private ApiResponse render(VulnerabilityReport report, ReportFormat format, String jsonKey) {
        ResponseLimit.Buffer out = limit.buffer();
        try {
            format.writer().write(report, out);
        } catch (ResponseLimit.TooLarge e) {
            throw tooLarge(format, jsonKey, -1);
        } catch (IOException e) {
            throw new UncheckedIOException("rendering " + format.parameter() + ": " + e.getMessage(), e);
        }
        String body = new String(out.toByteArray(), StandardCharsets.UTF_8);
        if (!limit.fits(body)) {
            throw tooLarge(format, jsonKey, ResponseLimit.escapedSize(body));
        }
        return ApiResponse.text(200, format.contentType(), body);
    }

    private ApiException tooLarge(ReportFormat format, String key, long size) {
        String object = "s3://" + bucket + "/" + key;
        return new ApiException(413, "too large", "the " + format.parameter() + " report is "
                + (size < 0 ? "over " + limit.maxBytes() : size) + " bytes, more than a Lambda response carries ("
                + limit.maxBytes() + "); read " + object + " instead", Map.of("X-Imagescan-Object", object));
    }
}
