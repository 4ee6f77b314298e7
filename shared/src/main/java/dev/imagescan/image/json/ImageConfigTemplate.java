package dev.imagescan.image.json;

import com.fasterxml.jackson.annotation.JsonIgnoreProperties;
import com.fasterxml.jackson.annotation.JsonProperty;
import java.util.List;

/** The parts of an image configuration the scanner reads: platform and the layers' diffIDs. */
@JsonIgnoreProperties(ignoreUnknown = true)
public record ImageConfigTemplate(String architecture, String os, String variant, RootFs rootfs) {

    /** {@code rootfs}: the uncompressed digests of the layers, bottom first. */
    @JsonIgnoreProperties(ignoreUnknown = true)
    public record RootFs(String type, @JsonProperty("diff_ids") List<String> diffIds) {}
}
