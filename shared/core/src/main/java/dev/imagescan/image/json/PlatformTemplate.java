package dev.imagescan.image.json;

import java.util.Map;

/** The {@code platform} object of an index entry. */
public record PlatformTemplate(String os, String architecture, String variant) {

    static PlatformTemplate from(Map<String, Object> json, String what) {
        return json == null ? null : new PlatformTemplate(JsonMaps.string(json, "os", what),
                JsonMaps.string(json, "architecture", what), JsonMaps.string(json, "variant", what));
    }
}
