package dev.imagescan.image.json;

import java.util.List;
import java.util.Map;

/** An OCI image manifest or a Docker v2 schema 2 manifest (same shape). */
public record ManifestTemplate(
        Long schemaVersion, String mediaType, DescriptorTemplate config, List<DescriptorTemplate> layers) {

    public static ManifestTemplate from(Map<String, Object> json, String what) {
        Object config = json.get("config");
        return new ManifestTemplate(JsonMaps.number(json, "schemaVersion", what), JsonMaps.string(json, "mediaType", what),
                config == null ? null : DescriptorTemplate.from(config, what + " config"),
                DescriptorTemplate.list(json, "layers", what));
    }
}
