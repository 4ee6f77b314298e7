package dev.imagescan.image.json;

import com.fasterxml.jackson.annotation.JsonIgnoreProperties;
import java.util.List;

/** An OCI image manifest or a Docker v2 schema 2 manifest (same shape). */
@JsonIgnoreProperties(ignoreUnknown = true)
public record ManifestTemplate(
        Integer schemaVersion, String mediaType, DescriptorTemplate config, List<DescriptorTemplate> layers) {}
