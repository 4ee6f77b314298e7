package dev.imagescan.common;

/**
 * The input is bad: the image, SBOM, OSV document, database or policy handed to the scanner cannot be used, and the
 * same input will fail the same way every time, so retrying is pointless. The message is one line meant for the user;
 * it names the file, entry, layer or JSON pointer at fault and says what is wrong. Unchecked, like the parsers' own
 * errors it replaces, so that readers deep in a format need not declare it.
 *
 * <p>The subclasses, one per kind of input:
 * <ul>
 * <li>{@link ImageScanException}: an image that cannot be scanned to a trustworthy result. Its subclasses say why:
 *     {@code image.ImageFormatException} (not an image we can read; with {@code UnsupportedMediaTypeException} and
 *     {@code PlatformNotFoundException}), {@code image.DigestMismatchException}, {@code layer.CorruptLayerException},
 *     {@code layer.LimitExceededException}, {@link BudgetExceededException} (over the per-image scan budget) and
 *     {@code analyzer.AnalyzerException} (a broken package database). The
 *     services treat it as "fail the scan, do not retry".</li>
 * <li>{@code sbom.SbomFormatException}: a file that is not a CycloneDX BOM we can read.</li>
 * <li>{@code vulndb.osv.OsvFormatException}: an OSV document or source (zip, download) that cannot be imported.</li>
 * <li>{@code vulndb.artifact.DatabaseFormatException}: a file that is not a usable vulnerability database.</li>
 * <li>{@code policy.PolicyFormatException}: a policy document that breaks the policy schema.</li>
 * </ul>
 *
 * <p>Outside the hierarchy: a resource or transport failure (a file that cannot be opened, a download that fails) is
 * an {@link java.io.IOException}, or an {@link java.io.UncheckedIOException} where the signature cannot throw one:
 * it may pass on a retry. Two exceptions stay internal: {@code layer.CacheEntryException} (an {@code IOException}: a
 * cache entry that cannot be used, the layer is read again) and {@code analyzer.rpm.RpmDatabaseException} (checked
 * inside the rpm readers, it reaches callers as an {@code AnalyzerException}).
 */
public class BadInputException extends RuntimeException {
    private static final long serialVersionUID = 1L;

    /** @param message one line for the user: what is at fault and what is wrong with it */
    public BadInputException(String message) {
        super(message);
    }

    /** @param message one line for the user: what is at fault and what is wrong with it */
    public BadInputException(String message, Throwable cause) {
        super(message, cause);
    }
}
