package dev.imagescan.image.json;

import com.fasterxml.jackson.annotation.JsonIgnoreProperties;
import java.util.List;

/** An OCI image index ({@code index.json}, or an index blob) or a Docker manifest list. */
@JsonIgnoreProperties(ignoreUnknown = true)
public record IndexTemplate(Integer schemaVersion, String mediaType, List<DescriptorTemplate> manifests) {}
