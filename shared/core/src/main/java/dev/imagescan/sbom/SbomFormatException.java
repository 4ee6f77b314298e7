package dev.imagescan.sbom;

import dev.imagescan.common.BadInputException;

/**
 * The input is not an SBOM we can read: not JSON, truncated, not a CycloneDX BOM, an unsupported spec version, a
 * structure that breaks the CycloneDX schema, or over the size limit. The message is one line naming the file and,
 * when it applies, where in it (JSON pointer, line and column).
 */
public class SbomFormatException extends BadInputException {
    private static final long serialVersionUID = 1L;

    public SbomFormatException(String message) {
        super(message);
    }

    public SbomFormatException(String message, Throwable cause) {
        super(message, cause);
    }
}
