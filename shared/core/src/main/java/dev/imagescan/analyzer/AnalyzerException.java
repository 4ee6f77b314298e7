package dev.imagescan.analyzer;

import dev.imagescan.common.ImageScanException;

/** A package database that is there but cannot be read (a broken rpm database): the inventory would be wrong. */
public class AnalyzerException extends ImageScanException {
    private static final long serialVersionUID = 1L;

    public AnalyzerException(String message, Throwable cause) {
        super(message, cause);
    }
}
