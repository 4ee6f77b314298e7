package dev.imagescan.sbom;

import static dev.imagescan.sbom.Fixtures.read;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.imagescan.common.BadInputException;
import dev.imagescan.common.ImageScanException;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.RandomAccessFile;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.HexFormat;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/** Input that is not a readable CycloneDX BOM is refused with one clear line saying what and where. */
class MalformedSbomTest {

    @Test
    void notJsonSaysSoWithTheLine() {
        assertThatThrownBy(() -> read("SPDXVersion: SPDX-2.3\nDataLicense: CC0-1.0\n"))
                .isInstanceOf(SbomFormatException.class)
                .isInstanceOf(BadInputException.class)
                .isNotInstanceOf(ImageScanException.class)
                .hasMessageStartingWith("test.cdx.json: not valid JSON at line 1, column ")
                .hasMessageNotContaining("\n");
    }

    /**
     * Found by fuzzing (CycloneDxSbomFuzzTest): bytes the parser takes for UTF-32 (by their zeros) that are no text in
     * it, an unsupported UCS-4 byte order and a code point over U+10FFFF, were an UncheckedIOException.
     */
    @Test
    void bytesThatAreNoUnicodeTextAreNotJson() {
        byte[] ucs4InOrder3412 = HexFormat.of().parseHex("00020000000010000000");
        byte[] beyondUnicode = new byte[112];
        beyondUnicode[0] = (byte) 0xa6;
        beyondUnicode[111] = '}';
        for (byte[] bytes : List.of(ucs4InOrder3412, beyondUnicode)) {
            assertThatThrownBy(() -> CycloneDxSbomReader.read(new ByteArrayInputStream(bytes), "test.cdx.json"))
                    .isInstanceOf(SbomFormatException.class)
                    .hasMessageStartingWith("test.cdx.json: not valid JSON text: ")
                    .hasMessageNotContaining("\n");
        }
    }

    @Test
    void emptyInputIsNotABom() {
        assertThatThrownBy(() -> read("  \n")).isInstanceOf(SbomFormatException.class)
                .hasMessage("test.cdx.json: empty file, not a CycloneDX BOM");
    }

    @Test
    void aJsonArrayIsNotABom() {
        assertThatThrownBy(() -> read("[{\"bomFormat\": \"CycloneDX\"}]")).isInstanceOf(SbomFormatException.class)
                .hasMessage("test.cdx.json: not a CycloneDX BOM: the JSON document is an array, not an object at line 1, column 1");
    }

    @Test
    void wrongBomFormatIsRefusedWhereItIsMet() {
        assertThatThrownBy(() -> read("{\"bomFormat\": \"SPDX\", \"specVersion\": \"1.5\", \"components\": [}"))
                .isInstanceOf(SbomFormatException.class)
                .hasMessage("test.cdx.json: not a CycloneDX BOM: \"bomFormat\" is \"SPDX\", expected \"CycloneDX\"");
    }

    @Test
    void anSpdxDocumentOrAnyJsonWithoutBomFormatIsNotCycloneDx() {
        assertThatThrownBy(() -> read("{\"spdxVersion\": \"SPDX-2.3\", \"packages\": []}"))
                .isInstanceOf(SbomFormatException.class)
                .hasMessage("test.cdx.json: not a CycloneDX BOM: no \"bomFormat\" (this looks like an SPDX document)");
        assertThatThrownBy(() -> read("{\"schemaVersion\": 1, \"packages\": []}"))
                .isInstanceOf(SbomFormatException.class)
                .hasMessage("test.cdx.json: not a CycloneDX BOM: no \"bomFormat\"");
    }

    @ParameterizedTest
    @ValueSource(strings = {"1.2", "1.3", "1.7", "2.0"})
    void unsupportedSpecVersionsAreRefused(String version) {
        assertThatThrownBy(() -> read("{\"bomFormat\": \"CycloneDX\", \"specVersion\": \"" + version + "\", \"components\": []}"))
                .isInstanceOf(SbomFormatException.class)
                .hasMessage("test.cdx.json: CycloneDX spec version \"" + version + "\" is not supported (supported: 1.4, 1.5, 1.6)");
    }

    @Test
    void aMissingSpecVersionIsRefused() {
        assertThatThrownBy(() -> read("{\"bomFormat\": \"CycloneDX\", \"components\": []}"))
                .isInstanceOf(SbomFormatException.class)
                .hasMessage("test.cdx.json: CycloneDX BOM without a \"specVersion\"");
    }

    @Test
    void aTruncatedBomSaysWhereItEnds() {
        byte[] whole = Fixtures.bytes("trivy-alpine-3.20.3.cdx.json");
        byte[] half = Arrays.copyOf(whole, whole.length / 2);

        assertThatThrownBy(() -> CycloneDxSbomReader.read(new ByteArrayInputStream(half), "cut.json"))
                .isInstanceOf(SbomFormatException.class)
                .hasMessageStartingWith("cut.json: truncated: the JSON ends at line ");
    }

    @Test
    void aBrokenStructureNamesThePointerAndLine() {
        assertThatThrownBy(() -> read(Fixtures.bom(null, "").replace("\"components\": []", "\"components\": {}")))
                .isInstanceOf(SbomFormatException.class)
                .hasMessageStartingWith("test.cdx.json: /components must be an array, not an object at line 1, column ");
        assertThatThrownBy(() -> read(Fixtures.bom(null, "{\"type\": \"library\"}, {\"purl\": {\"type\": \"deb\"}}")))
                .isInstanceOf(SbomFormatException.class)
                .hasMessageStartingWith("test.cdx.json: /components/1/purl must be a string, not an object at line 1");
        assertThatThrownBy(() -> read(Fixtures.bom(null, "{\"components\": [42]}")))
                .isInstanceOf(SbomFormatException.class)
                .hasMessageStartingWith("test.cdx.json: /components/0/components/0 must be an object, not a number");
        assertThatThrownBy(() -> read(Fixtures.bom(null, "{\"properties\": [{\"name\": [\"x\"]}]}")))
                .isInstanceOf(SbomFormatException.class)
                .hasMessageStartingWith("test.cdx.json: /components/0/properties/0/name must be a string, not an array");
    }

    @Test
    void contentAfterTheBomIsRefused() {
        assertThatThrownBy(() -> read(Fixtures.bom(null, "") + " {}"))
                .isInstanceOf(SbomFormatException.class)
                .hasMessageStartingWith("test.cdx.json: unexpected content after the end of the BOM at line 1");
    }

    @Test
    void absurdNestingIsRefusedBeforeItExhaustsTheStack() {
        String deep = "{\"components\": [".repeat(200) + "]}".repeat(200);

        assertThatThrownBy(() -> read(Fixtures.bom(null, deep)))
                .isInstanceOf(SbomFormatException.class)
                .hasMessageStartingWith("test.cdx.json: refused at line 1, column ")
                .hasMessageEndingWith(": JSON nested deeper than 256 levels");
    }

    @Test
    void aStreamOverTheCapIsRefused() {
        byte[] bom = Fixtures.bytes("syft-debian-12.cdx.json");

        assertThatThrownBy(() -> CycloneDxSbomReader.read(new ByteArrayInputStream(bom), "big.json", 4096))
                .isInstanceOf(SbomFormatException.class)
                .hasMessage("big.json: the document is over the 4096-byte limit for an SBOM");
    }

    @Test
    void aFileOverTheCapIsRefusedWithoutReadingIt(@TempDir Path dir) throws IOException {
        Path file = dir.resolve("huge.cdx.json");
        try (RandomAccessFile sparse = new RandomAccessFile(file.toFile(), "rw")) {
            sparse.setLength(CycloneDxSbomReader.MAX_BYTES + 1);
        }

        assertThatThrownBy(() -> CycloneDxSbomReader.read(file))
                .isInstanceOf(SbomFormatException.class)
                .hasMessage("huge.cdx.json: 268435457 bytes, over the 256 MiB limit for an SBOM");
    }

    @Test
    void aMissingFileOrADirectoryIsNotAnSbom(@TempDir Path dir) {
        assertThatThrownBy(() -> CycloneDxSbomReader.read(dir.resolve("none.json")))
                .isInstanceOf(SbomFormatException.class).hasMessageEndingWith("none.json: no such file");
        assertThatThrownBy(() -> CycloneDxSbomReader.read(dir))
                .isInstanceOf(SbomFormatException.class).hasMessageEndingWith(": not a regular file");
    }

    @Test
    void aUtf8ByteOrderMarkIsAccepted() {
        byte[] json = Fixtures.bom(null, "").getBytes(StandardCharsets.UTF_8);
        byte[] withBom = new byte[json.length + 3];
        withBom[0] = (byte) 0xEF;
        withBom[1] = (byte) 0xBB;
        withBom[2] = (byte) 0xBF;
        System.arraycopy(json, 0, withBom, 3, json.length);

        assertThat(CycloneDxSbomReader.read(new ByteArrayInputStream(withBom), "bom.json").packages()).isEmpty();
    }

    @Test
    void theSizeCapIsMeasuredOnTheFileNotOnAnyHeader(@TempDir Path dir) throws IOException {
        Path file = dir.resolve("ok.json");
        Files.write(file, Fixtures.bytes("trivy-ubi8-nodejs.cdx.json"));

        assertThat(CycloneDxSbomReader.read(file).packages()).hasSize(6);
    }
}
