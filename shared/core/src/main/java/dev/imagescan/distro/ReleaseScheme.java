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
    };

    /** The release an OS version belongs to; empty when the version names none. */
    public abstract Optional<String> release(String version);
}
