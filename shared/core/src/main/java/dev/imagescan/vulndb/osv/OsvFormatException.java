package dev.imagescan.vulndb.osv;

import dev.imagescan.common.BadInputException;

/**
 * An OSV source that cannot be imported: a document that is not JSON, not an OSV record (a missing {@code id} or
 * {@code modified}, a field of the wrong type), over a size limit, or an archive that is not a readable zip. The
 * message is one line: it names the file, archive entry or URL and says what is wrong and where.
 */
public final class OsvFormatException extends BadInputException {
    private static final long serialVersionUID = 1L;

    public OsvFormatException(String message) {
        super(message);
    }

    public OsvFormatException(String message, Throwable cause) {
        super(message, cause);
    }
}
