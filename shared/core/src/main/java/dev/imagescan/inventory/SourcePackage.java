package dev.imagescan.inventory;

import java.util.Objects;

/** The source package a binary package was built from; advisories of Debian, Ubuntu and Alpine name these. */
public record SourcePackage(String name, String version) {

    /**
     * Written out, not the record's generated one: that is bootstrapped through {@code ObjectMethods} on first use,
     * which costs a short CLI run milliseconds (docs/cli.md#fast-start).
     */
    @Override
    public boolean equals(Object other) {
        return other instanceof SourcePackage s && Objects.equals(name, s.name) && Objects.equals(version, s.version);
    }

    @Override
    public int hashCode() {
        return 31 * Objects.hashCode(name) + Objects.hashCode(version);
    }
}
