package dev.imagescan.sbom;

import java.util.List;

/**
 * The parts of one CycloneDX component the reader uses; nested components are flattened beside their parent.
 *
 * @param pointer    where it is in the document, as a JSON pointer ({@code /components/3/components/0})
 * @param type       the CycloneDX component type ({@code library}, {@code operating-system} …); null when absent
 * @param properties only the properties the reader understands (see {@link PropertyNames#isKept}), in document order
 * @param location   the first {@code evidence.occurrences[].location} (where the package was found); null when none
 * @param sha1       the {@code SHA-1} of its {@code hashes}; null when none
 * @param sha256     the {@code SHA-256} of its {@code hashes}; null when none
 */
record BomComponent(String pointer, String type, String bomRef, String name, String version, String description,
        String purl, List<Property> properties, String location, String sha1, String sha256) {

    BomComponent {
        properties = List.copyOf(properties);
    }

    /** One {@code {"name": …, "value": …}} property; the value may be null. */
    record Property(String name, String value) {}

    /** The first non-blank value of the property {@code name}; null when there is none. */
    String property(String name) {
        for (Property p : properties) {
            if (p.name().equals(name) && p.value() != null && !p.value().isBlank()) {
                return p.value().trim();
            }
        }
        return null;
    }

    /** Every non-blank value of the property {@code name}, in document order. */
    List<String> properties(String name) {
        return properties.stream()
                .filter(p -> p.name().equals(name) && p.value() != null && !p.value().isBlank())
                .map(p -> p.value().trim())
                .toList();
    }

    /** {@code "libc6" (/components/12)}, for messages. */
    String describe() {
        String label = name != null && !name.isBlank() ? name : bomRef;
        return (label == null ? "component" : "component \"" + label + "\"") + " (" + pointer + ")";
    }
}
