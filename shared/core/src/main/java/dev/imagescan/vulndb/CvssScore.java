package dev.imagescan.vulndb;

/**
 * One CVSS vector and its base score.
 *
 * @param version   {@code 2.0}, {@code 3.0}, {@code 3.1} or {@code 4.0}
 * @param vector    the vector string as the record gives it
 * @param baseScore 0.0 to 10.0, computed from the vector
 */
public record CvssScore(String version, String vector, double baseScore) {}
