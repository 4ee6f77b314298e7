package dev.imagescan.image.json;

import com.fasterxml.jackson.annotation.JsonIgnoreProperties;

/** The {@code platform} object of an index entry. */
@JsonIgnoreProperties(ignoreUnknown = true)
public record PlatformTemplate(String os, String architecture, String variant) {}
