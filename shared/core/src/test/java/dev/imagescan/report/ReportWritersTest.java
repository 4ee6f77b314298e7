package dev.imagescan.report;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.imagescan.inventory.Inventory;
import dev.imagescan.scan.ImageScanner;
import dev.imagescan.scan.ScanOptions;
import dev.imagescan.testing.Corpus;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import org.cyclonedx.Version;
import org.cyclonedx.parsers.JsonParser;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

class ReportWritersTest {
    private static Inventory debian;
    private static Inventory alpine;

    @BeforeAll
    static void scan() {
        ImageScanner scanner = new ImageScanner(ScanOptions.defaults());
        debian = scanner.scan(Corpus.image("debian-bookworm-trimmed.oci.tar"));
        alpine = scanner.scan(Corpus.image("alpine-3.9.6.docker.tar.gz"));
    }

    @Test
    void jsonFollowsThePublishedSchemaAndCarriesEveryPackage() throws IOException {
        for (Inventory inventory : List.of(debian, alpine)) {
            JsonNode json = new ObjectMapper().readTree(render(new JsonInventoryWriter(), inventory));

            assertThat(JsonSchemas.inventoryProblems(json)).isEmpty();
            assertThat(json.get("packages")).hasSize(inventory.packages().size());
        }
        JsonNode json = new ObjectMapper().readTree(render(new JsonInventoryWriter(), debian));
        assertThat(json.at("/image/format").asText()).isEqualTo("oci-archive");
        assertThat(json.at("/os/family").asText()).isEqualTo("debian");
        JsonNode curl = find(json.get("packages"), "curl");
        assertThat(curl.at("/source/name").asText()).isEqualTo("curl");
        assertThat(curl.at("/layer/index").asInt()).isEqualTo(1);
        assertThat(curl.at("/purl").asText()).startsWith("pkg:deb/debian/curl@7.88.1-10%2Bdeb12u15?arch=amd64&distro=debian-12.15");
        JsonNode docker = new ObjectMapper().readTree(render(new JsonInventoryWriter(), alpine));
        assertThat(docker.at("/image/format").asText()).isEqualTo("docker-archive");
        assertThat(docker.at("/image/manifestDigest").isNull()).isTrue();
        assertThat(docker.at("/image/tags/0").asText()).isEqualTo("docker.io/library/alpine:3.9.6");
    }

    @Test
    void schemaRejectsADocumentMissingPackagePurl() throws IOException {
        JsonNode json = new ObjectMapper().readTree(render(new JsonInventoryWriter(), alpine));
        ((com.fasterxml.jackson.databind.node.ObjectNode) json.get("packages").get(0)).remove("purl");

        assertThat(JsonSchemas.inventoryProblems(json)).isNotEmpty();
    }

    @Test
    void cycloneDxIsAValid15BomWithOsComponentPurlsSourcesAndLayers() throws Exception {
        byte[] bom = render(new CycloneDxWriter(), debian).getBytes(StandardCharsets.UTF_8);

        assertThat(new JsonParser().validate(bom, Version.VERSION_15)).isEmpty();
        JsonNode json = new ObjectMapper().readTree(bom);
        assertThat(json.get("specVersion").asText()).isEqualTo("1.5");
        assertThat(json.at("/metadata/component/type").asText()).isEqualTo("container");
        List<JsonNode> components = new ArrayList<>();
        json.get("components").forEach(components::add);
        assertThat(components).filteredOn(c -> c.get("type").asText().equals("operating-system"))
                .singleElement()
                .satisfies(os -> {
                    assertThat(os.get("name").asText()).isEqualTo("debian");
                    assertThat(os.get("version").asText()).isEqualTo("12.15");
                });
        List<JsonNode> libraries = components.stream().filter(c -> c.get("type").asText().equals("library")).toList();
        assertThat(libraries).hasSize(debian.packages().size());
        JsonNode brotli = libraries.stream().filter(c -> c.get("name").asText().equals("libbrotli1")).findFirst().orElseThrow();
        assertThat(brotli.get("purl").asText()).isEqualTo("pkg:deb/debian/libbrotli1@1.0.9-2%2Bb6?arch=amd64&distro=debian-12.15");
        assertThat(property(brotli, "imagescan:source:name")).isEqualTo("brotli");
        assertThat(property(brotli, "imagescan:source:version")).isEqualTo("1.0.9-2");
        assertThat(property(brotli, "imagescan:layer:diff_id")).isEqualTo(debian.image().layers().get(1).diffId());
        assertThat(json.get("dependencies")).isNotEmpty();
    }

    @Test
    void aPackageWithoutPurlStillGetsAUniqueBomRef() throws Exception {
        List<dev.imagescan.inventory.Package> packages = new ArrayList<>(alpine.packages());
        dev.imagescan.inventory.Package first = packages.get(0);
        packages.add(new dev.imagescan.inventory.Package(first.type(), "no-purl", "1.0-r0", null, first.source(), null,
                first.layer(), null));
        packages.add(new dev.imagescan.inventory.Package(first.type(), "no-purl", "1.0-r0", null, first.source(), null,
                first.layer(), null));
        Inventory withoutPurls = new Inventory(alpine.image(), alpine.os(), packages, alpine.warnings(),
                alpine.analyzers());

        byte[] bom = render(new CycloneDxWriter(), withoutPurls).getBytes(StandardCharsets.UTF_8);

        assertThat(new JsonParser().validate(bom, Version.VERSION_15)).isEmpty();
        List<String> refs = new ArrayList<>();
        new ObjectMapper().readTree(bom).get("components").forEach(c -> refs.add(c.get("bom-ref").asText()));
        assertThat(refs).contains("apk:no-purl@1.0-r0", "apk:no-purl@1.0-r0#2").doesNotHaveDuplicates();
    }

    @Test
    void tableShowsOsPackagesAndLayers() throws IOException {
        String table = render(new TableWriter(), debian);

        assertThat(table).contains("OS:       debian 12.15 (Debian GNU/Linux 12 (bookworm))")
                .contains("Packages: 106")
                .containsPattern("libbrotli1 +1\\.0\\.9-2\\+b6 +amd64 +brotli 1\\.0\\.9-2 +2 sha256:");
    }

    private static JsonNode find(JsonNode packages, String name) {
        for (JsonNode p : packages) {
            if (p.get("name").asText().equals(name)) {
                return p;
            }
        }
        throw new AssertionError("no package " + name);
    }

    private static String property(JsonNode component, String name) {
        for (JsonNode p : component.get("properties")) {
            if (p.get("name").asText().equals(name)) {
                return p.get("value").asText();
            }
        }
        return null;
    }

    static String render(InventoryWriter writer, Inventory inventory) throws IOException {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        writer.write(inventory, out);
        return out.toString(StandardCharsets.UTF_8);
    }
}
