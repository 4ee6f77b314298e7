package dev.imagescan.vulndb.amazon;

import dev.imagescan.vulndb.fetch.FeedFormatException;
import dev.imagescan.vulndb.fetch.HardenedXml;
import java.io.IOException;
import java.io.InputStream;
import java.util.Locale;
import javax.xml.stream.XMLStreamConstants;
import javax.xml.stream.XMLStreamException;
import javax.xml.stream.XMLStreamReader;

/**
 * Where a yum repository's {@code repodata/repomd.xml} says its {@code updateinfo} is, and the checksum of its
 * uncompressed content ({@code open-checksum}; the {@code checksum} when the file is not compressed), which is also
 * what names the version of the advisories read: a mirror changes, the checksum does not.
 *
 * @param href             the location relative to the repository ({@code repodata/updateinfo.xml.gz})
 * @param checksumType     {@code sha256}, {@code sha512}, {@code sha1} or {@code sha}
 * @param checksum         the hex digest of the uncompressed {@code updateinfo.xml}
 */
record RepoMd(String href, String checksumType, String checksum) {

    /** The JDK's name of the digest, or null for a type this reader does not know. */
    String algorithm() {
        return switch (checksumType.toLowerCase(Locale.ROOT)) {
            case "sha256" -> "SHA-256";
            case "sha512" -> "SHA-512";
            case "sha384" -> "SHA-384";
            case "sha", "sha1" -> "SHA-1";
            default -> null;
        };
    }

    /** Reads {@code in} (not closed): the {@code <data type="updateinfo">} entry. */
    static RepoMd parse(InputStream in, String name) throws IOException {
        boolean root = false;
        try {
            XMLStreamReader x = HardenedXml.reader(in, name);
            try {
                while (x.hasNext()) {
                    if (x.next() != XMLStreamConstants.START_ELEMENT) {
                        continue;
                    }
                    if (!root) {
                        if (!x.getLocalName().equals("repomd")) {
                            throw new FeedFormatException(name + ": not a repomd document (its root is <"
                                    + x.getLocalName() + ">)");
                        }
                        root = true;
                    } else if (x.getLocalName().equals("data")
                            && "updateinfo".equals(x.getAttributeValue(null, "type"))) {
                        return data(x, name);
                    }
                }
            } finally {
                x.close();
            }
        } catch (XMLStreamException e) {
            throw HardenedXml.failure(name, e);
        }
        throw new FeedFormatException(name + ": " + (root ? "the repository lists no updateinfo"
                : "not a repomd document (no <repomd>)"));
    }

    private static RepoMd data(XMLStreamReader x, String name) throws XMLStreamException {
        String href = null;
        String[] checksum = null;
        String[] open = null;
        int depth = 1;
        while (depth > 0) {
            int event = x.next();
            if (event == XMLStreamConstants.END_ELEMENT) {
                depth--;
            } else if (event == XMLStreamConstants.START_ELEMENT) {
                depth++;
                switch (x.getLocalName()) {
                    case "location" -> href = x.getAttributeValue(null, "href");
                    case "checksum" -> {
                        checksum = new String[] {x.getAttributeValue(null, "type"), x.getElementText().strip()};
                        depth--;
                    }
                    case "open-checksum" -> {
                        open = new String[] {x.getAttributeValue(null, "type"), x.getElementText().strip()};
                        depth--;
                    }
                    default -> { }
                }
            }
        }
        if (href == null || href.isBlank()) {
            throw new FeedFormatException(name + ": the updateinfo entry has no location");
        }
        if (href.contains("..") || href.startsWith("/") || href.contains("://") || href.contains("?")) {
            throw new FeedFormatException(name + ": the updateinfo location '" + href
                    + "' is not a path inside the repository");
        }
        String[] sum = href.strip().endsWith(".xml") && checksum != null ? checksum : open;
        if (sum == null || sum[0] == null || sum[1].isEmpty() || !sum[1].matches("[0-9a-fA-F]+")) {
            throw new FeedFormatException(name + ": the updateinfo entry has no checksum of its content");
        }
        return new RepoMd(href.strip(), sum[0], sum[1].toLowerCase(Locale.ROOT));
    }
}
