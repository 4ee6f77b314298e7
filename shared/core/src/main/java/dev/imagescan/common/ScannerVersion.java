package dev.imagescan.common;

import java.io.IOException;
import java.io.InputStream;
import java.util.Properties;

/** The version of this library, as built by Maven. */
public final class ScannerVersion {
    public static final String NAME = "imagescan";
    private static final String VERSION = load();

    private ScannerVersion() {}

    public static String version() {
        return VERSION;
    }

    private static String load() {
        try (InputStream in = ScannerVersion.class.getResourceAsStream("version.properties")) {
            Properties p = new Properties();
            if (in != null) {
                p.load(in);
            }
            return p.getProperty("version", "unknown");
        } catch (IOException e) {
            return "unknown";
        }
    }
}
