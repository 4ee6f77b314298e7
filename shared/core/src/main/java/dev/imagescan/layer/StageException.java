package dev.imagescan.layer;

import java.io.IOException;

/** An I/O error marked with the stage of a layer's pipeline it came from ("reading the blob", "gzip data"). */
final class StageException extends IOException {
    private static final long serialVersionUID = 1L;
    final String stage;

    StageException(String stage, IOException cause) {
        super(cause.getMessage(), cause);
        this.stage = stage;
    }

    /** {@code e} marked with {@code stage}, unless an earlier stage already marked it. */
    static StageException of(String stage, IOException e) {
        return e instanceof StageException marked ? marked : new StageException(stage, e);
    }
}
