package dev.imagescan.image.json;

import java.util.List;
import java.util.Map;

/** An OCI image index ({@code index.json}, or an index blob) or a Docker manifest list. */
public record IndexTemplate(Long schemaVersion, String mediaType, List<DescriptorTemplate> manifests) {

    public static IndexTemplate from(Map<String, Object> json, String what) {
        return new IndexTemplate(JsonMaps.number(json, "schemaVersion", what), JsonMaps.string(json, "mediaType", what),
                DescriptorTemplate.list(json, "manifests", what));
    }
}
