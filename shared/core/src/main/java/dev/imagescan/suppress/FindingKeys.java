package dev.imagescan.suppress;

import dev.imagescan.inventory.ImageSummary;
import dev.imagescan.inventory.Package;
import dev.imagescan.report.Finding;
import java.util.LinkedHashSet;
import java.util.Locale;
import java.util.Set;

/** What rules match a finding by: its ids, its package's purl and path, its image's digests. */
final class FindingKeys {
    private FindingKeys() {}

    /** The finding's id, advisory ids and aliases, upper case. */
    static Set<String> ids(Finding f) {
        Set<String> ids = new LinkedHashSet<>();
        ids.add(key(f.id()));
        f.advisoryIds().forEach(id -> ids.add(key(id)));
        f.aliases().forEach(id -> ids.add(key(id)));
        return ids;
    }

    /** A vulnerability id as compared: trimmed, upper case. */
    static String key(String id) {
        return id.trim().toUpperCase(Locale.ROOT);
    }

    /** The file inside the image a package was read from: its package database for OS packages; null if unknown. */
    static String path(Package p) {
        return switch (p.type().purlType()) {
            case "deb" -> "var/lib/dpkg/status";
            case "apk" -> "lib/apk/db/installed";
            case "rpm" -> "var/lib/rpm/Packages";
            default -> null;
        };
    }

    /** Whether {@code digest} ({@code sha256:...}) is the image's manifest or config digest. */
    static boolean isImageDigest(String digest, ImageSummary image) {
        return digest != null && image != null
                && (digest.equals(image.manifestDigest()) || digest.equals(image.configDigest()));
    }
}
