package dev.imagescan.report;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.github.packageurl.PackageURL;
import dev.imagescan.analyzer.app.AppImages;
import dev.imagescan.inventory.InstalledPackage;
import dev.imagescan.inventory.Inventory;
import dev.imagescan.inventory.Package;
import dev.imagescan.inventory.PackageType;
import dev.imagescan.scan.ImageScanner;
import dev.imagescan.scan.ScanOptions;
import dev.imagescan.testing.Corpus;
import dev.imagescan.testing.Digests;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.stream.Collectors;
import java.util.stream.StreamSupport;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The SPDX 2.3 JSON SBOM of real images (the Debian and Alpine corpus images, the image of real application
 * packages), each validated against SPDX's own JSON schema for 2.3, and read back field by field.
 */
class SpdxWriterTest {
    private static final Clock CLOCK = Clock.fixed(Instant.parse("2026-12-06T10:15:30.123Z"), ZoneOffset.UTC);
    private static final ObjectMapper JSON = new ObjectMapper();

    @TempDir
    static Path dir;
    private static Inventory debian;
    private static Inventory alpine;
    private static Inventory apps;

    @BeforeAll
    static void scan() throws IOException {
        ImageScanner scanner = new ImageScanner(ScanOptions.defaults());
        debian = scanner.scan(Corpus.image("debian-bookworm-trimmed.oci.tar"));
        alpine = scanner.scan(Corpus.image("alpine-3.9.6.docker.tar.gz"));
        apps = scanner.scan(AppImages.image().writeOciArchive(dir.resolve("apps.tar")));
    }

    @Test
    void theSchemaCheckAcceptsSpdxsOwnExampleAndRejectsABrokenDocument() throws IOException {
        try (InputStream in = getClass().getResourceAsStream("/schemas/spdx-2.3-example.spdx.json")) {
            assertThat(JsonSchemas.spdx23Problems(JSON.readTree(in))).isEmpty();
        }
        JsonNode doc = spdx(debian);
        ((ObjectNode) doc.get("packages").get(2)).remove("downloadLocation");
        ((ObjectNode) doc.get("packages").get(3)).put("primaryPackagePurpose", "OPERATING-SYSTEM");
        ((ObjectNode) doc).remove("documentNamespace");

        assertThat(JsonSchemas.spdx23Problems(doc)).hasSize(3);
    }

    @Test
    void debianImageIsAValidDocumentDescribingTheImageThatContainsItsOsAndEveryPackage() throws IOException {
        JsonNode doc = spdx(debian);

        assertThat(JsonSchemas.spdx23Problems(doc)).isEmpty();
        assertThat(doc.get("spdxVersion").asText()).isEqualTo("SPDX-2.3");
        assertThat(doc.get("dataLicense").asText()).isEqualTo("CC0-1.0");
        assertThat(doc.at("/creationInfo/created").asText()).isEqualTo("2026-12-06T10:15:30Z");
        assertThat(doc.at("/creationInfo/creators/0").asText()).startsWith("Tool: imagescan-");
        String digest = debian.image().manifestDigest();
        assertThat(doc.get("documentNamespace").asText())
                .matches("https://github\\.com/imagescan/imagescan/spdx/" + digest.replace(":", "-")
                        + "/[0-9a-f]{8}-[0-9a-f]{4}-4[0-9a-f]{3}-[89ab][0-9a-f]{3}-[0-9a-f]{12}");

        JsonNode image = element(doc, SpdxWriter.IMAGE_ID);
        assertThat(image.get("primaryPackagePurpose").asText()).isEqualTo("CONTAINER");
        assertThat(image.get("versionInfo").asText()).isEqualTo(digest);
        assertThat(annotations(image)).contains("imagescan:image:config_digest: " + debian.image().configDigest());
        JsonNode os = element(doc, SpdxWriter.OS_ID);
        assertThat(os.get("name").asText()).isEqualTo("debian");
        assertThat(os.get("versionInfo").asText()).isEqualTo("12.15");
        assertThat(os.get("primaryPackagePurpose").asText()).isEqualTo("OPERATING_SYSTEM");

        List<JsonNode> libraries = libraries(doc);
        assertThat(libraries).hasSize(debian.packages().size());
        JsonNode brotli = libraries.stream().filter(p -> p.get("name").asText().equals("libbrotli1")).findFirst()
                .orElseThrow();
        assertThat(brotli.get("versionInfo").asText()).isEqualTo("1.0.9-2+b6");
        assertThat(brotli.at("/externalRefs/0/referenceCategory").asText()).isEqualTo("PACKAGE-MANAGER");
        assertThat(brotli.at("/externalRefs/0/referenceType").asText()).isEqualTo("purl");
        assertThat(brotli.at("/externalRefs/0/referenceLocator").asText())
                .isEqualTo("pkg:deb/debian/libbrotli1@1.0.9-2%2Bb6?arch=amd64&distro=debian-12.15");
        assertThat(brotli.get("supplier").asText()).isEqualTo("NOASSERTION");
        assertThat(brotli.get("licenseDeclared").asText()).isEqualTo("NOASSERTION");
        assertThat(brotli.has("checksums")).isFalse();
        assertThat(annotations(brotli)).contains("imagescan:source:name: brotli", "imagescan:source:version: 1.0.9-2",
                "imagescan:layer:diff_id: " + debian.image().layers().get(1).diffId(), "imagescan:package:arch: amd64");

        Set<String> ids = StreamSupport.stream(doc.get("packages").spliterator(), false)
                .map(p -> p.get("SPDXID").asText()).collect(Collectors.toSet());
        assertThat(ids).hasSize(debian.packages().size() + 2).allMatch(id -> id.matches("SPDXRef-[A-Za-z0-9.-]+"));
        List<String> relationships = relationships(doc);
        assertThat(relationships).first().isEqualTo("SPDXRef-DOCUMENT DESCRIBES SPDXRef-Image");
        assertThat(relationships).hasSize(ids.size())
                .containsAll(ids.stream().filter(id -> !id.equals(SpdxWriter.IMAGE_ID))
                        .map(id -> "SPDXRef-Image CONTAINS " + id).toList());
    }

    @Test
    void aPulledImageGetsItsOciPurlAndADockerArchiveIsNamedByItsImageId() throws Exception {
        JsonNode fromDocker = spdx(alpine);

        assertThat(JsonSchemas.spdx23Problems(fromDocker)).isEmpty();
        assertThat(fromDocker.get("documentNamespace").asText())
                .startsWith(SpdxWriter.NAMESPACE_BASE + alpine.image().configDigest().replace(":", "-") + "/");
        JsonNode image = element(fromDocker, SpdxWriter.IMAGE_ID);
        assertThat(image.get("name").asText()).isEqualTo("docker.io/library/alpine:3.9.6");
        assertThat(image.has("externalRefs")).as("no manifest digest, no purl").isFalse();
        assertThat(libraries(fromDocker)).hasSize(alpine.packages().size());

        assertThat(element(spdx(debian), SpdxWriter.IMAGE_ID).has("externalRefs"))
                .as("no repository: the archive's file name is not one").isFalse();
        Inventory pulled = new Inventory(debian.image().withRegistry("registry.example:5000/library/debian@"
                + debian.image().manifestDigest(), "registry.example:5000/library/debian"), debian.os(),
                debian.packages(), debian.warnings(), debian.analyzers());
        JsonNode fromRegistry = spdx(pulled);
        assertThat(JsonSchemas.spdx23Problems(fromRegistry)).isEmpty();
        PackageURL purl = new PackageURL(element(fromRegistry, SpdxWriter.IMAGE_ID)
                .at("/externalRefs/0/referenceLocator").asText());
        assertThat(purl.getType()).isEqualTo("oci");
        assertThat(purl.getName()).isEqualTo("debian");
        assertThat(purl.getVersion()).isEqualTo(debian.image().manifestDigest());
        assertThat(purl.getQualifiers()).containsEntry("repository_url", "registry.example:5000/library/debian");
    }

    @Test
    void applicationPackagesCarryTheirPathApplicationPurlAndChecksum() throws IOException {
        JsonNode doc = spdx(apps);

        assertThat(JsonSchemas.spdx23Problems(doc)).isEmpty();
        assertThat(libraries(doc)).hasSize(apps.packages().size());
        JsonNode log4j = libraries(doc).stream().filter(p -> p.get("name").asText().endsWith("log4j-core"))
                .findFirst().orElseThrow();
        assertThat(log4j.get("versionInfo").asText()).isEqualTo("2.14.1");
        assertThat(log4j.get("packageFileName").asText()).startsWith("/" + AppImages.LOG4J);
        assertThat(log4j.get("sourceInfo").asText()).startsWith("found at /" + AppImages.LOG4J)
                .contains("in the application /" + AppImages.LOG4J);
        assertThat(log4j.at("/externalRefs/0/referenceLocator").asText())
                .isEqualTo("pkg:maven/org.apache.logging.log4j/log4j-core@2.14.1");
        assertThat(log4j.at("/checksums/0/algorithm").asText()).isEqualTo("SHA1");
        assertThat(log4j.at("/checksums/0/checksumValue").asText())
                .isEqualTo(AppImages.sha1(AppImages.jar("log4j-core-2.14.1.jar")));
        assertThat(log4j.at("/checksums/1/algorithm").asText()).isEqualTo("SHA256");
        assertThat(log4j.at("/checksums/1/checksumValue").asText())
                .isEqualTo(Digests.sha256Hex(AppImages.jar("log4j-core-2.14.1.jar")));
        assertThat(annotations(log4j)).contains("imagescan:package:type: maven",
                "imagescan:app:evidence: pom.properties");

        JsonNode lodash = libraries(doc).stream().filter(p -> p.get("name").asText().equals("lodash")).findFirst()
                .orElseThrow();
        assertThat(lodash.get("packageFileName").asText()).startsWith("/" + AppImages.NODE_APP + "/");
        assertThat(lodash.get("checksums")).extracting(c -> c.get("algorithm").asText()).containsExactly("SHA256");
        assertThat(lodash.at("/externalRefs/0/referenceLocator").asText()).isEqualTo("pkg:npm/lodash@4.17.15");
    }

    @Test
    void rpmVendorIsTheSupplierAndSamePackagesGetDistinctStableIds() throws IOException {
        Package first = alpine.packages().get(0);
        InstalledPackage.RpmFields rpm = new InstalledPackage.RpmFields(1L, "1.1.1k", "7.el8_6", "Red Hat, Inc.",
                null);
        Package openssl = new Package(PackageType.RPM, "openssl-libs", "1:1.1.1k-7.el8_6", "x86_64",
                new dev.imagescan.inventory.SourcePackage("openssl", "1:1.1.1k-7.el8_6"),
                "pkg:rpm/redhat/openssl-libs@1.1.1k-7.el8_6?arch=x86_64&epoch=1", first.layer(), rpm);
        Package noPurl = new Package(first.type(), "no-purl", "1.0-r0", null, first.source(), null, first.layer(),
                null);
        List<Package> packages = new ArrayList<>(alpine.packages());
        packages.addAll(List.of(openssl, noPurl, noPurl));
        Inventory inventory = new Inventory(alpine.image(), alpine.os(), packages, List.of(), List.of());

        JsonNode doc = spdx(inventory);
        JsonNode again = spdx(inventory);

        assertThat(JsonSchemas.spdx23Problems(doc)).isEmpty();
        JsonNode rh = libraries(doc).stream().filter(p -> p.get("name").asText().equals("openssl-libs"))
                .findFirst().orElseThrow();
        assertThat(rh.get("supplier").asText()).isEqualTo("Organization: Red Hat, Inc.");
        assertThat(annotations(rh)).contains("imagescan:rpm:epoch: 1", "imagescan:rpm:release: 7.el8_6");
        List<JsonNode> twins = libraries(doc).stream().filter(p -> p.get("name").asText().equals("no-purl")).toList();
        assertThat(twins).hasSize(2).noneMatch(p -> p.has("externalRefs"));
        assertThat(twins.get(1).get("SPDXID").asText()).isEqualTo(twins.get(0).get("SPDXID").asText() + "-2");
        assertThat(ids(again)).isEqualTo(ids(doc));
        assertThat(again.get("documentNamespace").asText()).isNotEqualTo(doc.get("documentNamespace").asText());
    }

    private static JsonNode spdx(Inventory inventory) throws IOException {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        new SpdxWriter(CLOCK).write(inventory, out);
        return JSON.readTree(out.toString(StandardCharsets.UTF_8));
    }

    private static JsonNode element(JsonNode doc, String id) {
        for (JsonNode p : doc.get("packages")) {
            if (p.get("SPDXID").asText().equals(id)) {
                return p;
            }
        }
        throw new AssertionError("no element " + id);
    }

    private static List<JsonNode> libraries(JsonNode doc) {
        return StreamSupport.stream(doc.get("packages").spliterator(), false)
                .filter(p -> p.get("primaryPackagePurpose").asText().equals("LIBRARY")).toList();
    }

    private static List<String> ids(JsonNode doc) {
        return StreamSupport.stream(doc.get("packages").spliterator(), false).map(p -> p.get("SPDXID").asText())
                .toList();
    }

    private static List<String> annotations(JsonNode element) {
        List<String> out = new ArrayList<>();
        element.path("annotations").forEach(a -> out.add(a.get("comment").asText()));
        return out;
    }

    private static List<String> relationships(JsonNode doc) {
        List<String> out = new ArrayList<>();
        doc.get("relationships").forEach(r -> out.add(r.get("spdxElementId").asText() + " "
                + r.get("relationshipType").asText() + " " + r.get("relatedSpdxElement").asText()));
        return out;
    }
}
