package dev.imagescan.image.json;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/** An OCI content descriptor as written in indexes and manifests. */
public record DescriptorTemplate(
        String mediaType, String digest, Long size, PlatformTemplate platform, Map<String, String> annotations) {

    static DescriptorTemplate from(Object value, String what) {
        Map<String, Object> json = JsonMaps.asObject(value, what);
        Map<String, String> annotations = new LinkedHashMap<>();
        Map<String, Object> raw = JsonMaps.object(json, "annotations", what);
        if (raw != null) {
            raw.forEach((k, v) -> annotations.put(k, v == null ? null : v.toString()));
        }
        return new DescriptorTemplate(JsonMaps.string(json, "mediaType", what), JsonMaps.string(json, "digest", what),
                JsonMaps.number(json, "size", what),
                PlatformTemplate.from(JsonMaps.object(json, "platform", what), what + " platform"), annotations);
    }

    static List<DescriptorTemplate> list(Map<String, Object> json, String key, String what) {
        List<?> values = JsonMaps.list(json, key, what);
        return values == null ? null : values.stream().map(v -> from(v, what + " " + key + " entry")).toList();
    }
}
