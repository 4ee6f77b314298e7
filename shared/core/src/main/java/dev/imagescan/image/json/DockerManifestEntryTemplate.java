package dev.imagescan.image.json;

import java.util.List;
import java.util.Map;

/** One image in a docker-archive's {@code manifest.json}. */
public record DockerManifestEntryTemplate(String config, List<String> repoTags, List<String> layers) {

    public static DockerManifestEntryTemplate from(Object value, String what) {
        Map<String, Object> json = JsonMaps.asObject(value, what);
        return new DockerManifestEntryTemplate(JsonMaps.string(json, "Config", what), strings(json, "RepoTags", what),
                strings(json, "Layers", what));
    }

    private static List<String> strings(Map<String, Object> json, String key, String what) {
        List<?> values = JsonMaps.list(json, key, what);
        if (values == null) {
            return null;
        }
        for (Object v : values) {
            if (!(v instanceof String)) {
                throw new dev.imagescan.image.ImageFormatException(what + ": an entry of '" + key + "' is not a string");
            }
        }
        return values.stream().map(String.class::cast).toList();
    }
}
