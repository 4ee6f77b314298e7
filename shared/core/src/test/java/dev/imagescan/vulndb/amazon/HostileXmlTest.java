package dev.imagescan.vulndb.amazon;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.imagescan.vulndb.fetch.FeedFormatException;
import dev.imagescan.vulndb.oracle.ElsaOvalParser;
import dev.imagescan.vulndb.testing.FeedSamples;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.SocketTimeoutException;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Map;
import java.util.zip.GZIPInputStream;
import org.junit.jupiter.api.Test;

/**
 * Every XML parser of the advisory feeds (ELSA OVAL, repomd.xml, updateinfo.xml) reads through
 * {@code vulndb.fetch.HardenedXml}: an external entity, a "billion laughs" DTD, an external DTD and an element nesting
 * bomb are each refused with one line naming the document, in bounded time, nothing fetched; the real documents still
 * parse.
 */
class HostileXmlTest {
    /** The parsers, each given a document's bytes and its name. */
    @FunctionalInterface
    private interface Parser {
        void parse(byte[] xml, String name) throws IOException;
    }

    private static final Map<String, Parser> PARSERS = Map.of(
            "oval_definitions", (xml, name) -> ElsaOvalParser.parse(new ByteArrayInputStream(xml), name, r -> { }),
            "repomd", (xml, name) -> RepoMd.parse(new ByteArrayInputStream(xml), name),
            "updates", (xml, name) -> UpdateInfoParser.parse(new ByteArrayInputStream(xml), name, r -> { }));
    private static final String DTD_REFUSED = "a DTD (<!DOCTYPE …>) is refused: these feeds have none, and no entity"
            + " of one is ever declared, expanded or fetched at line ";

    private static byte[] utf8(String s) {
        return s.getBytes(StandardCharsets.UTF_8);
    }

    @Test
    void anExternalEntityIsRefusedAtTheDtd() {
        PARSERS.forEach((root, parser) -> assertThatThrownBy(() -> parser.parse(utf8("""
                <?xml version="1.0"?>
                <!DOCTYPE %1$s [<!ENTITY xxe SYSTEM "file:///etc/passwd">]>
                <%1$s>&xxe;</%1$s>
                """.formatted(root)), root + ".xml")).as(root).isInstanceOf(FeedFormatException.class)
                .hasMessage(root + ".xml: " + DTD_REFUSED + "2"));
    }

    @Test
    void aBillionLaughsIsRefusedAtTheDtdInBoundedTime() {
        StringBuilder dtd = new StringBuilder("<!ENTITY lol0 \"lol\">");
        for (int i = 1; i <= 9; i++) {
            dtd.append("\n<!ENTITY lol").append(i).append(" \"").append(("&lol" + (i - 1) + ";").repeat(10))
                    .append("\">");
        }
        PARSERS.forEach((root, parser) -> {
            long start = System.nanoTime();
            assertThatThrownBy(() -> parser.parse(utf8("<?xml version=\"1.0\"?>\n<!DOCTYPE " + root + " [" + dtd
                    + "]>\n<" + root + ">&lol9;</" + root + ">"), "laughs.xml")).as(root)
                    .isInstanceOf(FeedFormatException.class).hasMessageStartingWith("laughs.xml: " + DTD_REFUSED)
                    .message().doesNotContain("\n");
            assertThat((System.nanoTime() - start) / 1_000_000).as(root + " ms").isLessThan(2_000);
        });
    }

    @Test
    void anExternalDtdIsRefusedWithoutBeingFetched() throws IOException {
        try (ServerSocket listener = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
            String url = "http://127.0.0.1:" + listener.getLocalPort() + "/evil.dtd";
            PARSERS.forEach((root, parser) -> assertThatThrownBy(() -> parser.parse(utf8("<!DOCTYPE " + root
                    + " SYSTEM \"" + url + "\">\n<" + root + "/>"), "x.xml")).as(root)
                    .isInstanceOf(FeedFormatException.class).hasMessage("x.xml: " + DTD_REFUSED + "1"));
            listener.setSoTimeout(100);
            assertThatThrownBy(listener::accept).as("no parser connected to the DTD's URL")
                    .isInstanceOf(SocketTimeoutException.class);
        }
    }

    @Test
    void aNestingBombIsRefusedAtTheDepthLimitInOneLine() {
        String open = "<a>".repeat(50_000);
        PARSERS.forEach((root, parser) -> assertThatThrownBy(() -> parser.parse(utf8("<" + root + ">" + open),
                "deep.xml")).as(root).isInstanceOf(FeedFormatException.class)
                .hasMessageStartingWith("deep.xml: not well-formed XML at line 1: ")
                .hasMessageContaining("exceeds the limit \"100\" set by \"maxElementDepth\"")
                .message().doesNotContain("\n"));
    }

    @Test
    void theRealDocumentsStillParse() throws IOException {
        byte[] updateinfo;
        try (GZIPInputStream in = new GZIPInputStream(new ByteArrayInputStream(
                FeedSamples.bytes("amazon/updateinfo_2_items.xml.gz")))) {
            updateinfo = in.readAllBytes();
        }
        for (Map.Entry<String, byte[]> doc : List.of(
                Map.entry("oval_definitions", FeedSamples.bytes("oracle/mock_data.xml")),
                Map.entry("repomd", FeedSamples.bytes("amazon/repomd_valid.xml")),
                Map.entry("updates", updateinfo),
                Map.entry("updates", FeedSamples.bytes("amazon/updateinfo_AL1.xml")))) {
            PARSERS.get(doc.getKey()).parse(doc.getValue(), doc.getKey());
        }
        assertThat(UpdateInfoParser.parse(new ByteArrayInputStream(updateinfo), "u", r -> { }).records())
                .isEqualTo(2);
    }
}
