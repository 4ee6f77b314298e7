package dev.imagescan.distro;

import java.util.Optional;

/**
 * How a family numbers the releases its advisories and support dates are given for: Debian 12 and RHEL 9 are major
 * versions (12.7 and 9.3 are point releases of them); Ubuntu 22.04 and Alpine 3.20 are major.minor ones.
 */
public enum ReleaseScheme {
    /** The release is the major version, a number without leading zeros: {@code 12.7} → {@code 12}. */
    MAJOR {
        @Override
        public Optional<String> release(String version) {
            int dot = version.indexOf('.');
            String major = dot < 0 ? version : version.substring(0, dot);
            return !major.isEmpty() && major.chars().allMatch(Character::isDigit)
                    ? Optional.of(String.valueOf(Integer.parseInt(major)))
                    : Optional.empty();
        }
    },
    /** The release is major.minor: {@code 3.20.3} → {@code 3.20}; a version without a dot names none. */
    MAJOR_MINOR {
        @Override
        public Optional<String> release(String version) {
            int first = version.indexOf('.');
            if (first < 0) {
                return Optional.empty();
            }
            int second = version.indexOf('.', first + 1);
            return Optional.of(second < 0 ? version : version.substring(0, second));
        }
    },
    /**
     * A rolling distribution (Wolfi, Chainguard, openSUSE Tumbleweed): one release, whatever the version (a build
     * date such as {@code 20230201}); its advisories are in one ecosystem without a release.
     */
    ROLLING {
        @Override
        public Optional<String> release(String version) {
            return Optional.of("");
        }
    },
    /**
     * openSUSE: Leap releases by major.minor ({@code 15.5} → {@code Leap 15.5}), the rolling Tumbleweed by its
     * date-like VERSION_ID ({@code 20240801} → {@code Tumbleweed}).
     */
    OPENSUSE {
        @Override
        public Optional<String> release(String version) {
            if (version.matches("[0-9]{8}") || version.equals("Tumbleweed")) {
                return Optional.of("Tumbleweed");
            }
            if (version.startsWith("Leap ")) { // a release as this scheme gives it
                return MAJOR_MINOR.release(version.substring(5)).map(r -> "Leap " + r);
            }
            return MAJOR_MINOR.release(version).map(r -> "Leap " + r);
        }
    },
    /**
     * Amazon Linux: the Amazon Linux AMI (Amazon Linux 1) numbers its releases by year and month ({@code 2018.03},
     * {@code 2017.09}), all of them release {@code 1}; Amazon Linux 2 ({@code 2}, {@code 2.0}) is {@code 2}; Amazon
     * Linux 2023 ({@code 2023}, {@code 2023.6.20241010}) is {@code 2023}, as its advisories (ALAS2023) name it.
     */
    AMAZON {
        @Override
        public Optional<String> release(String version) {
            Optional<String> major = MAJOR.release(version);
            if (major.isEmpty()) {
                return major;
            }
            int number = Integer.parseInt(major.get());
            return Optional.of(number >= 2000 && number < 2022 ? "1" : major.get());
        }
    },
    /**
     * SUSE Linux Enterprise: major and service pack, as SUSE names products: {@code 15.5} → {@code 15 SP5},
     * {@code 15} → {@code 15}, {@code 12.3} → {@code 12 SP3}.
     */
    SERVICE_PACK {
        @Override
        public Optional<String> release(String version) {
            String[] parts = version.split("\\.", -1);
            if (parts.length > 2 || parts.length == 0 || !parts[0].matches("[0-9]+")
                    || (parts.length == 2 && !parts[1].matches("[0-9]+"))) {
                return Optional.empty();
            }
            int major = Integer.parseInt(parts[0]);
            int pack = parts.length == 2 ? Integer.parseInt(parts[1]) : 0;
            return Optional.of(pack == 0 ? String.valueOf(major) : major + " SP" + pack);
        }
    };

    /** The release an OS version belongs to; empty when the version names none. */
    public abstract Optional<String> release(String version);
}
