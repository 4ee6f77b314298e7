package dev.imagescan.report;

import dev.imagescan.inventory.Package;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HashSet;
import java.util.HexFormat;
import java.util.Objects;
import java.util.Set;

/**
 * The {@code SPDXID}s of one SPDX document's packages: {@code SPDXRef-Package-<type>-<16 hex digits>}, the digits
 * from the SHA-256 of the package's identity (type, name, version, arch, purl, path), so the same package gets the same
 * id in every document of the image and two documents can be compared line by line. Ids use only the characters SPDX
 * allows ({@code [A-Za-z0-9.-]}); a second package with the same identity gets {@code -2}, and so on.
 */
final class SpdxElementIds {
    private final Set<String> used = new HashSet<>();

    /** A new id for {@code p}, unique in this document. */
    String of(Package p) {
        String identity = String.join("\u0000", p.type().name(), p.name(), p.version(), Objects.toString(p.arch(), ""),
                Objects.toString(p.purl(), ""), p.app() == null ? "" : p.app().path());
        String base = "SPDXRef-Package-" + p.type().purlType() + "-" + sha256(identity).substring(0, 16);
        String id = base;
        for (int n = 2; !used.add(id); n++) {
            id = base + "-" + n;
        }
        return id;
    }

    private static String sha256(String s) {
        try {
            return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256")
                    .digest(s.getBytes(StandardCharsets.UTF_8)));
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("SHA-256 is missing from this JVM", e);
        }
    }
}
