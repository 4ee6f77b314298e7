package dev.imagescan.distro;

import java.util.regex.Pattern;

/**
 * A file older images state their distribution in, instead of (or beside) os-release.
 *
 * @param path    the file, relative to the image root ({@code etc/alpine-release})
 * @param format  how the file says it
 * @param id      for {@link Format#VERSION}, the os-release ID the file belongs to; null otherwise
 * @param version for {@link Format#VERSION}, which first lines are a version; null otherwise
 */
public record ReleaseFile(String path, Format format, String id, Pattern version) {

    /** How a release file states the distribution. */
    public enum Format {
        /** The first line names distribution and version, as one of the registered {@link ReleaseLine}s. */
        RELEASE_LINE,
        /** The first line is a version of one family ({@code alpine-release} 3.20.3, {@code debian_version} 12.7). */
        VERSION,
        /**
         * lsb-release's {@code KEY=value} lines: {@code DISTRIB_ID} names the distribution (whichever it is, lower
         * case), {@code DISTRIB_RELEASE} its version, {@code DISTRIB_DESCRIPTION} its human name.
         */
        LSB
    }

    /** A file whose first line is a {@link ReleaseLine}. */
    public static ReleaseFile releaseLine(String path) {
        return new ReleaseFile(path, Format.RELEASE_LINE, null, null);
    }

    /** A file whose first line, when it matches {@code versionRegex}, is a version of {@code id}. */
    public static ReleaseFile version(String path, String id, String versionRegex) {
        return new ReleaseFile(path, Format.VERSION, id, Pattern.compile(versionRegex));
    }

    /** An lsb-release file. */
    public static ReleaseFile lsb(String path) {
        return new ReleaseFile(path, Format.LSB, null, null);
    }
}
