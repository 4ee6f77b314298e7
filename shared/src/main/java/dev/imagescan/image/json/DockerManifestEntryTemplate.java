package dev.imagescan.image.json;

import com.fasterxml.jackson.annotation.JsonIgnoreProperties;
import com.fasterxml.jackson.annotation.JsonProperty;
import java.util.List;

/** One image in a docker-archive's {@code manifest.json}. */
@JsonIgnoreProperties(ignoreUnknown = true)
public record DockerManifestEntryTemplate(
        @JsonProperty("Config") String config,
        @JsonProperty("RepoTags") List<String> repoTags,
        @JsonProperty("Layers") List<String> layers) {}
