package dev.imagescan.match;

import java.time.LocalDate;
import java.util.Map;
import java.util.Optional;

/**
 * When releases stop getting security fixes. Dates are the end of the distribution's own security support
 * (Debian: the end of LTS; Ubuntu: the end of standard support; Alpine: the end of its main repository's two years;
 * RHEL family: the end of maintenance support), from each distribution's published lifecycle pages, as gathered on
 * endoflife.date. A release missing here is treated as supported.
 */
public final class EndOfLife {
    private static final Map<String, LocalDate> DATES = Map.ofEntries(
            Map.entry("debian:7", LocalDate.of(2018, 5, 31)),
            Map.entry("debian:8", LocalDate.of(2020, 6, 30)),
            Map.entry("debian:9", LocalDate.of(2022, 6, 30)),
            Map.entry("debian:10", LocalDate.of(2024, 6, 30)),
            Map.entry("debian:11", LocalDate.of(2026, 8, 31)),
            Map.entry("debian:12", LocalDate.of(2028, 6, 30)),
            Map.entry("debian:13", LocalDate.of(2030, 6, 30)),
            Map.entry("ubuntu:14.04", LocalDate.of(2019, 4, 30)),
            Map.entry("ubuntu:16.04", LocalDate.of(2021, 4, 30)),
            Map.entry("ubuntu:18.04", LocalDate.of(2023, 5, 31)),
            Map.entry("ubuntu:20.04", LocalDate.of(2025, 5, 31)),
            Map.entry("ubuntu:22.04", LocalDate.of(2027, 6, 1)),
            Map.entry("ubuntu:24.04", LocalDate.of(2029, 5, 31)),
            Map.entry("alpine:3.3", LocalDate.of(2017, 11, 1)),
            Map.entry("alpine:3.4", LocalDate.of(2018, 5, 1)),
            Map.entry("alpine:3.5", LocalDate.of(2018, 11, 1)),
            Map.entry("alpine:3.6", LocalDate.of(2019, 5, 1)),
            Map.entry("alpine:3.7", LocalDate.of(2019, 11, 1)),
            Map.entry("alpine:3.8", LocalDate.of(2020, 5, 1)),
            Map.entry("alpine:3.9", LocalDate.of(2020, 11, 1)),
            Map.entry("alpine:3.10", LocalDate.of(2021, 5, 1)),
            Map.entry("alpine:3.11", LocalDate.of(2021, 11, 1)),
            Map.entry("alpine:3.12", LocalDate.of(2022, 5, 1)),
            Map.entry("alpine:3.13", LocalDate.of(2022, 11, 1)),
            Map.entry("alpine:3.14", LocalDate.of(2023, 5, 1)),
            Map.entry("alpine:3.15", LocalDate.of(2023, 11, 1)),
            Map.entry("alpine:3.16", LocalDate.of(2024, 5, 23)),
            Map.entry("alpine:3.17", LocalDate.of(2024, 11, 22)),
            Map.entry("alpine:3.18", LocalDate.of(2025, 5, 9)),
            Map.entry("alpine:3.19", LocalDate.of(2025, 11, 1)),
            Map.entry("alpine:3.20", LocalDate.of(2026, 4, 1)),
            Map.entry("alpine:3.21", LocalDate.of(2026, 11, 1)),
            Map.entry("alpine:3.22", LocalDate.of(2027, 5, 1)),
            Map.entry("rhel:5", LocalDate.of(2017, 3, 31)),
            Map.entry("rhel:6", LocalDate.of(2020, 11, 30)),
            Map.entry("rhel:7", LocalDate.of(2024, 6, 30)),
            Map.entry("rhel:8", LocalDate.of(2029, 5, 31)),
            Map.entry("rhel:9", LocalDate.of(2032, 5, 31)),
            Map.entry("centos:5", LocalDate.of(2017, 3, 31)),
            Map.entry("centos:6", LocalDate.of(2020, 11, 30)),
            Map.entry("centos:7", LocalDate.of(2024, 6, 30)),
            Map.entry("centos:8", LocalDate.of(2021, 12, 31)),
            Map.entry("rocky:8", LocalDate.of(2029, 5, 31)),
            Map.entry("rocky:9", LocalDate.of(2032, 5, 31)),
            Map.entry("almalinux:8", LocalDate.of(2029, 3, 1)),
            Map.entry("almalinux:9", LocalDate.of(2032, 5, 31)),
            Map.entry("ol:5", LocalDate.of(2017, 6, 30)),
            Map.entry("ol:6", LocalDate.of(2021, 3, 31)),
            Map.entry("ol:7", LocalDate.of(2024, 12, 31)),
            Map.entry("ol:8", LocalDate.of(2029, 7, 31)),
            Map.entry("ol:9", LocalDate.of(2032, 6, 30)));

    private EndOfLife() {}

    /**
     * The end of security support of a release, when known.
     *
     * @param family  the os-release ID ({@code debian}, {@code alpine}, ...)
     * @param release the release as {@link Ecosystems.Wanted#release()} gives it ({@code 12}, {@code 3.20}),
     *                or the OS version (only its release part is used)
     */
    public static Optional<LocalDate> of(String family, String release) {
        if (family == null || release == null) {
            return Optional.empty();
        }
        String key = family + ":" + releaseOf(family, release);
        return Optional.ofNullable(DATES.get(key));
    }

    private static String releaseOf(String family, String version) {
        String[] parts = version.split("\\.");
        return switch (family) {
            case "ubuntu", "alpine" -> parts.length >= 2 ? parts[0] + "." + parts[1] : version;
            default -> parts[0];
        };
    }
}
