package dev.imagescan.report;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.imagescan.analyzer.app.AppFiles;
import dev.imagescan.analyzer.app.AppImages;
import dev.imagescan.analyzer.app.MoreAppImages;
import dev.imagescan.inventory.Inventory;
import dev.imagescan.scan.ImageScanner;
import dev.imagescan.scan.ScanOptions;
import dev.imagescan.testing.ImageBuilder;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.cyclonedx.Version;
import org.cyclonedx.parsers.JsonParser;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The hashes of application packages in the CycloneDX SBOM, for the two images of real application packages: each
 * component carries the SHA-256 of the file it was read from (a Java archive also its SHA-1), computed while the layer
 * streamed by, equal to what {@code sha256sum} gives for that file (the Go and Rust binaries' sums are those recorded
 * in shared/testing's apps/README.md, log4j-core's that of the jar from Maven Central), named by
 * {@code imagescan:app:hashes-of}; the document is valid CycloneDX 1.5 (the official schema, and cyclonedx-core-java's
 * validation).
 */
class AppHashesCycloneDxTest {
    private static final ObjectMapper JSON = new ObjectMapper();

    @Test
    void everyApplicationComponentCarriesTheSha256OfItsFile(@TempDir Path dir) throws Exception {
        Map<String, String> sha256 = new LinkedHashMap<>();
        for (ImageBuilder image : List.of(AppImages.image(), MoreAppImages.image())) {
            Inventory inventory = new ImageScanner(ScanOptions.defaults()).scan(image.writeOciArchive(
                    dir.resolve("i" + sha256.size() + ".tar")));
            byte[] bytes = CycloneDxWriter.toJson(inventory).getBytes(StandardCharsets.UTF_8);
            JsonNode bom = JSON.readTree(bytes);
            assertThat(JsonSchemas.cycloneDx15Problems(bom)).isEmpty();
            assertThat(new JsonParser().validate(bytes, Version.VERSION_15)).isEmpty();
            for (JsonNode c : bom.get("components")) {
                if (!c.has("evidence")) {
                    continue; // an OS package
                }
                String location = c.at("/evidence/occurrences/0/location").asText();
                Map<String, String> hashes = new LinkedHashMap<>();
                c.get("hashes").forEach(h -> hashes.put(h.get("alg").asText(), h.get("content").asText()));
                assertThat(hashes).as(location).containsKey("SHA-256");
                assertThat(property(c, "imagescan:app:hashes-of")).isEqualTo(location);
                sha256.put(location.substring(1), hashes.get("SHA-256"));
                if (location.endsWith(".jar")) {
                    assertThat(hashes).as(location).containsKey("SHA-1");
                }
            }
        }
        assertThat(sha256).containsEntry(AppImages.LOG4J,
                "ade7402a70667a727635d5c4c29495f4ff96f061f12539763f6f123973b465b0")
                .containsEntry(AppImages.JACKSON_IN_WAR,
                        AppFiles.sha256(AppImages.jar("jackson-databind-2.9.10.8.jar")))
                .containsEntry(AppImages.GO, "aba8c4f84724a0bd9745ff0d3abac1ff8882773f45c9ea200b0e6c0d79c23581")
                .containsEntry(MoreAppImages.RUST, "b243f2511052187c5b51d5638da21aa536e2b2072b8b91e84eddaf052061fa77")
                .containsEntry(MoreAppImages.NOKOGIRI,
                        AppFiles.sha256(AppImages.resource("/apps/ruby/nokogiri-1.13.10.gemspec")))
                .containsEntry(MoreAppImages.DEPS_JSON,
                        AppFiles.sha256(AppImages.resource("/apps/dotnet/datacollector.deps.json")))
                .containsEntry(MoreAppImages.PHP_APP + MoreAppImages.INSTALLED,
                        AppFiles.sha256(AppImages.resource("/apps/php/installed-composer2.json")))
                .containsKeys(AppImages.PIP_METADATA, AppImages.LOCK, "srv/web/node_modules/lodash/package.json");
        assertThat(sha256.values()).allMatch(h -> h.matches("[0-9a-f]{64}"));
    }

    private static String property(JsonNode component, String name) {
        for (JsonNode p : component.path("properties")) {
            if (p.get("name").asText().equals(name)) {
                return p.get("value").asText();
            }
        }
        return null;
    }
}
