package dev.imagescan.sbom;

import dev.imagescan.inventory.Inventory;
import dev.imagescan.testing.Corpus;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;

/** The SBOM fixtures under {@code src/test/resources/sbom/}, and reading small BOMs written in a test. */
final class Fixtures {
    private Fixtures() {}

    static Path sbom(String name) {
        return Corpus.resource("sbom/" + name);
    }

    static byte[] bytes(String name) {
        try {
            return Files.readAllBytes(sbom(name));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** Reads {@code json} as an SBOM called {@code test.cdx.json}. */
    static Inventory read(String json) {
        return CycloneDxSbomReader.read(new ByteArrayInputStream(json.getBytes(StandardCharsets.UTF_8)), "test.cdx.json");
    }

    /** A CycloneDX 1.6 BOM around {@code components} (a JSON array's contents) and an optional metadata component. */
    static String bom(String metadataComponent, String components) {
        return "{\"bomFormat\": \"CycloneDX\", \"specVersion\": \"1.6\", \"version\": 1,"
                + (metadataComponent == null ? "" : " \"metadata\": {\"component\": " + metadataComponent + "},")
                + " \"components\": [" + components + "]}";
    }

    /** A library component with a purl and {@code name=value} properties. */
    static String library(String name, String purl, String... properties) {
        StringBuilder props = new StringBuilder();
        for (String p : properties) {
            int eq = p.indexOf('=');
            props.append(props.length() == 0 ? "" : ", ")
                    .append("{\"name\": \"").append(p, 0, eq).append("\", \"value\": \"").append(p.substring(eq + 1)).append("\"}");
        }
        return "{\"type\": \"library\", \"name\": \"" + name + "\", \"purl\": \"" + purl + "\", \"properties\": [" + props + "]}";
    }
}
