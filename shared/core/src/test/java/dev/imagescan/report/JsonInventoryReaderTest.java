package dev.imagescan.report;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.ObjectMapper;
import dev.imagescan.inventory.Inventory;
import dev.imagescan.inventory.LayerContentSets;
import dev.imagescan.scan.ImageScanner;
import dev.imagescan.scan.ScanOptions;
import dev.imagescan.testing.Corpus;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

class JsonInventoryReaderTest {

    @ParameterizedTest
    @ValueSource(strings = {"alpine-3.20.3.oci.tar", "alpine-3.6.5.oci.tar", "alpine-3.9.6.docker.tar.gz",
            "debian-bookworm-trimmed.oci.tar"})
    void readsBackExactlyWhatTheWriterWrote(String name) throws IOException {
        Inventory inventory = new ImageScanner(ScanOptions.defaults()).scan(Corpus.image(name));
        assertThat(inventory.packages()).isNotEmpty();

        byte[] json = write(inventory);
        Inventory read = new JsonInventoryReader().read(new ByteArrayInputStream(json));

        assertThat(read).isEqualTo(inventory);
        assertThat(write(read)).isEqualTo(json);
    }

    @Test
    void aRedHatImagesContentSetsAreKeptForTheNextMatch() throws IOException {
        Inventory scanned = new ImageScanner(ScanOptions.defaults()).scan(Corpus.image("alpine-3.20.3.oci.tar"));
        Inventory inventory = new Inventory(scanned.image(), scanned.os().withContentSets(List.of(
                "rhel-8-for-x86_64-baseos-rpms", "rhel-8-for-x86_64-appstream-rpms",
                "rhel-8-for-x86_64-appstream-eus-rpms__8_DOT_6"), List.of(
                new LayerContentSets(1, List.of("rhel-8-for-x86_64-baseos-rpms", "rhel-8-for-x86_64-appstream-rpms")),
                new LayerContentSets(3, List.of("rhel-8-for-x86_64-appstream-eus-rpms__8_DOT_6")))),
                scanned.packages(), scanned.warnings(), scanned.analyzers());

        byte[] json = write(inventory);

        assertThat(new String(json, StandardCharsets.UTF_8)).contains("\"contentSets\" : [")
                .contains("\"contentSetsByLayer\" : [ {");
        assertThat(JsonSchemas.inventoryProblems(new ObjectMapper().readTree(json)))
                .isEmpty();
        assertThat(new JsonInventoryReader().read(new ByteArrayInputStream(json))).isEqualTo(inventory);
        assertThat(new String(write(scanned), StandardCharsets.UTF_8)).as("absent when none")
                .doesNotContain("contentSets");
    }

    @Test
    void refusesWhatIsNotAnInventory() {
        assertThatThrownBy(() -> read("{\"schemaVersion\":2}")).isInstanceOf(IOException.class)
                .hasMessageContaining("schemaVersion is 2");
        assertThatThrownBy(() -> read("[1,2")).isInstanceOf(IOException.class)
                .hasMessageContaining("not a JSON inventory document");
        assertThatThrownBy(() -> read("{\"schemaVersion\":1,\"scanner\":{\"analyzers\":[]}}"))
                .isInstanceOf(IOException.class).hasMessageContaining("missing field 'packages'");
    }

    private static Inventory read(String json) throws IOException {
        return new JsonInventoryReader().read(new ByteArrayInputStream(json.getBytes(StandardCharsets.UTF_8)));
    }

    private static byte[] write(Inventory inventory) throws IOException {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        new JsonInventoryWriter().write(inventory, out);
        return out.toByteArray();
    }
}
