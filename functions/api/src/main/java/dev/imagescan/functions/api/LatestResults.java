package dev.imagescan.functions.api;

import dev.imagescan.report.VulnerabilityReport;
import dev.imagescan.store.ImageRecord;
import dev.imagescan.store.NotFoundException;
import dev.imagescan.store.ObjectStore;
import dev.imagescan.store.ScanTable;
import dev.imagescan.store.StoreKeys;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;

/**
 * The latest stored result of an image: its record, and the JSON report of its last scan
 * ({@code images/<digest>/report-<dbVersion>.json}, the database version the record names). An unknown image, or
 * one not scanned yet, is a 404.
 */
final class LatestResults {
    private final ObjectStore store;
    private final ScanTable table;
    private final ReportLoader reports;

    LatestResults(ObjectStore store, ScanTable table, ReportLoader reports) {
        this.store = store;
        this.table = table;
        this.reports = reports;
    }

    /** The image's record; 400 for a malformed digest, 404 when it is not stored. */
    static ImageRecord image(ScanTable table, String digest) {
        Paths.digest(digest);
        return table.images().get(digest).orElseThrow(() -> ApiException.notFound("no image " + digest));
    }

    /** The record of an image that has a result; 404 when it is unknown or was never scanned to the end. */
    ImageRecord scanned(String digest) {
        ImageRecord image = image(table, digest);
        if (image.dbVersion() == null) {
            throw ApiException.notFound("image " + digest + " has no scan result yet");
        }
        return image;
    }

    /** The key of the JSON report of {@code image}'s last scan. */
    static String reportKey(ImageRecord image) {
        return StoreKeys.imageReport(image.digest(), image.dbVersion());
    }

    /** The JSON report of {@code image}'s last scan, read back into the model. */
    VulnerabilityReport report(ImageRecord image) {
        String key = reportKey(image);
        try (InputStream in = store.get(key)) {
            return reports.read(in);
        } catch (NotFoundException e) {
            throw ApiException.notFound("the report of image " + image.digest() + " (" + key + ") is not stored");
        } catch (IOException e) {
            throw new UncheckedIOException("reading " + key + ": " + e.getMessage(), e);
        }
    }
}
