package dev.imagescan.testing;

import com.fasterxml.jackson.databind.node.ObjectNode;
import java.util.Objects;

/** An OCI platform: os, architecture and optional variant (null when absent). */
public record Platform(String os, String architecture, String variant) {
    public static final Platform LINUX_AMD64 = new Platform("linux", "amd64", null);
    public static final Platform LINUX_ARM64 = new Platform("linux", "arm64", "v8");
    public static final Platform LINUX_ARM_V7 = new Platform("linux", "arm", "v7");
    /** What BuildKit puts on attestation manifests in an index. */
    public static final Platform UNKNOWN = new Platform("unknown", "unknown", null);

    public Platform {
        Objects.requireNonNull(os, "os");
        Objects.requireNonNull(architecture, "architecture");
    }

    public static Platform of(String os, String architecture) {
        return new Platform(os, architecture, null);
    }

    public static Platform of(String os, String architecture, String variant) {
        return new Platform(os, architecture, variant);
    }

    /** The descriptor {@code platform} object: {@code {"architecture":..,"os":..[,"variant":..]}}. */
    ObjectNode toJson() {
        ObjectNode p = Json.object();
        p.put("architecture", architecture);
        p.put("os", os);
        if (variant != null) {
            p.put("variant", variant);
        }
        return p;
    }

    @Override
    public String toString() {
        return os + "/" + architecture + (variant == null ? "" : "/" + variant);
    }
}
