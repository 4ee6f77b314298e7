package dev.imagescan.image.json;

import java.util.List;
import java.util.Map;

/** The parts of an image configuration the scanner reads: platform and the layers' diffIDs. */
public record ImageConfigTemplate(String architecture, String os, String variant, RootFs rootfs) {

    /** {@code rootfs}: the uncompressed digests of the layers, bottom first. */
    public record RootFs(String type, List<String> diffIds) {}

    public static ImageConfigTemplate from(Map<String, Object> json, String what) {
        Map<String, Object> rootfs = JsonMaps.object(json, "rootfs", what);
        RootFs fs = null;
        if (rootfs != null) {
            List<?> ids = JsonMaps.list(rootfs, "diff_ids", what + " rootfs");
            fs = new RootFs(JsonMaps.string(rootfs, "type", what + " rootfs"), ids == null ? null
                    : ids.stream().map(id -> {
                        if (!(id instanceof String s)) {
                            throw new dev.imagescan.image.ImageFormatException(what + ": a diff_id is not a string");
                        }
                        return s;
                    }).toList());
        }
        return new ImageConfigTemplate(JsonMaps.string(json, "architecture", what), JsonMaps.string(json, "os", what),
                JsonMaps.string(json, "variant", what), fs);
    }
}
