package dev.imagescan.image.json;

import com.fasterxml.jackson.annotation.JsonIgnoreProperties;
import java.util.Map;

/** An OCI content descriptor as written in indexes and manifests. */
@JsonIgnoreProperties(ignoreUnknown = true)
public record DescriptorTemplate(
        String mediaType, String digest, Long size, PlatformTemplate platform, Map<String, String> annotations) {}
