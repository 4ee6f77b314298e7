package dev.imagescan.analyzer.os;

import com.fasterxml.jackson.jr.ob.JSON;
import dev.imagescan.inventory.OperatingSystem;
import dev.imagescan.inventory.Package;
import dev.imagescan.inventory.PackageType;
import java.io.IOException;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.regex.Pattern;

/**
 * Whether an Ubuntu image gets Ubuntu Pro's extended security maintenance (ESM), so that the ESM pockets' advisories
 * apply to it ({@link OperatingSystem#extendedSupport()}). Either says so:
 * <ul>
 *   <li>the Pro client's {@code /var/lib/ubuntu-advantage/status.json} lists the {@code esm-infra} or
 *       {@code esm-apps} service as {@code enabled} (how Trivy detects it, for {@code esm-infra});</li>
 *   <li>an installed deb's version carries ESM's suffix ({@code +esm1}, {@code ~esm2}: "available only via ESM", the
 *       tracker's README): an image built attached to Pro and detached (Canonical's recipe for Pro containers removes
 *       the client) still holds the ESM builds it installed.</li>
 * </ul>
 * Apt sources naming {@code esm.ubuntu.com} are not taken as a sign: the Pro client writes them on unattached
 * machines too, to advertise ESM updates.
 */
public final class UbuntuPro {
    /** The Pro client's status file. */
    public static final String STATUS_FILE = "var/lib/ubuntu-advantage/status.json";
    private static final Set<String> ESM_SERVICES = Set.of("esm-infra", "esm-apps");
    private static final Pattern ESM_VERSION = Pattern.compile(".*[+~]esm\\d+.*");

    private UbuntuPro() {}

    /** Whether a status file (its bytes) lists an ESM service as enabled; false for anything it cannot read. */
    static boolean enabledIn(byte[] statusJson) {
        Map<String, Object> doc;
        try {
            doc = JSON.std.mapFrom(statusJson);
        } catch (IOException | RuntimeException e) {
            return false; // not the Pro client's status: no sign either way
        }
        if (doc == null || !(doc.get("services") instanceof List<?> services)) {
            return false;
        }
        for (Object s : services) {
            if (s instanceof Map<?, ?> service && ESM_SERVICES.contains(service.get("name"))
                    && "enabled".equals(service.get("status"))) {
                return true;
            }
        }
        return false;
    }

    /** {@code os} marked as getting ESM when it is Ubuntu and a deb of {@code packages} is an ESM build. */
    public static OperatingSystem withEsmBuilds(OperatingSystem os, List<Package> packages) {
        if (os.extendedSupport() || !"ubuntu".equals(os.family())) {
            return os;
        }
        for (Package p : packages) {
            if (p.type() == PackageType.DEB && p.version() != null && ESM_VERSION.matcher(p.version()).matches()) {
                return os.withExtendedSupport(true);
            }
        }
        return os;
    }
}
