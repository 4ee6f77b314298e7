package dev.imagescan.sbom;

import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonLocation;
import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.JsonToken;
import com.fasterxml.jackson.core.StreamReadConstraints;
import com.fasterxml.jackson.core.exc.StreamConstraintsException;
import com.fasterxml.jackson.core.exc.StreamReadException;
import com.fasterxml.jackson.core.io.JsonEOFException;
import dev.imagescan.common.json.StrictJsonReader;
import java.io.CharConversionException;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.util.ArrayList;
import java.util.List;

/**
 * Reads a CycloneDX JSON BOM with jackson-core's streaming parser, keeping only the spec version,
 * {@code metadata.component} and the components' identity, purl and known properties; everything else (licenses,
 * hashes, evidence, dependencies, vulnerabilities …) is skipped without being built. Field order does not matter,
 * but a wrong {@code bomFormat} or {@code specVersion} stops the parse where it is met.
 */
final class BomParser {
    /** Deep enough for any real BOM (a component nesting level costs two), shallow enough for the Java stack. */
    static final int MAX_NESTING_DEPTH = 256;
    private static final JsonFactory FACTORY = JsonFactory.builder()
            .streamReadConstraints(StreamReadConstraints.builder().maxNestingDepth(MAX_NESTING_DEPTH).build())
            .build();

    private final String name;
    private StrictJsonReader reader;
    private String bomFormat;
    private String specVersion;
    private boolean spdx;
    private BomComponent subject;
    private final List<BomComponent> components = new ArrayList<>();

    private BomParser(String name) {
        this.name = name;
    }

    /** Parses {@code in} (not closed); {@code name} is how messages call the document. */
    static BomDocument parse(InputStream in, String name) {
        return new BomParser(name).run(in);
    }

    private BomDocument run(InputStream in) {
        try (JsonParser p = FACTORY.createParser(in)) {
            p.disable(JsonParser.Feature.AUTO_CLOSE_SOURCE);
            reader = new StrictJsonReader(p, (r, expected) -> new SbomFormatException(name + ": " + r.pointer()
                    + " must be " + expected + ", not " + StrictJsonReader.kind(r.current()) + here()));
            document();
        } catch (JsonEOFException e) {
            throw new SbomFormatException(name + ": truncated: the JSON ends" + where(e.getLocation()) + inside(), e);
        } catch (StreamReadException e) {
            throw new SbomFormatException(name + ": not valid JSON" + where(e.getLocation()) + inside() + ": "
                    + firstLine(e.getOriginalMessage()), e);
        } catch (StreamConstraintsException e) {
            String message = e.getOriginalMessage() != null && e.getOriginalMessage().contains("nesting depth")
                    ? "JSON nested deeper than " + MAX_NESTING_DEPTH + " levels" : firstLine(e.getOriginalMessage());
            throw new SbomFormatException(name + ": refused" + here() + ": " + message, e);
        } catch (JsonProcessingException e) {
            throw new SbomFormatException(name + ": refused" + where(e.getLocation()) + ": "
                    + firstLine(e.getOriginalMessage()), e);
        } catch (CharConversionException e) {
            // bytes that are no text in the encoding the parser detected (UTF-8, -16 or -32): bad input, not I/O
            throw new SbomFormatException(name + ": not valid JSON text: " + firstLine(e.getMessage()), e);
        } catch (IOException e) {
            throw new UncheckedIOException(name + ": " + e.getMessage(), e);
        }
        if (bomFormat == null) {
            throw new SbomFormatException(name + ": not a CycloneDX BOM: no \"bomFormat\""
                    + (spdx ? " (this looks like an SPDX document)" : ""));
        }
        if (specVersion == null) {
            throw new SbomFormatException(name + ": CycloneDX BOM without a \"specVersion\"");
        }
        return new BomDocument(name, specVersion, subject, components);
    }

    private void document() throws IOException {
        JsonToken token = reader.next();
        if (token == null) {
            throw new SbomFormatException(name + ": empty file, not a CycloneDX BOM");
        }
        if (token != JsonToken.START_OBJECT) {
            throw new SbomFormatException(name + ": not a CycloneDX BOM: the JSON document is "
                    + StrictJsonReader.kind(token) + ", not an object" + here());
        }
        while (reader.nextMember()) {
            switch (reader.name()) {
                case "bomFormat" -> bomFormat(text());
                case "specVersion" -> specVersion(text());
                case "metadata" -> metadata();
                case "components" -> components("/components", components);
                case "spdxVersion" -> {
                    spdx = true;
                    reader.skip();
                }
                default -> reader.skip();
            }
        }
        if (reader.next() != null) {
            throw new SbomFormatException(name + ": unexpected content after the end of the BOM" + here());
        }
    }

    private void bomFormat(String value) {
        if (!"CycloneDX".equals(value)) {
            throw new SbomFormatException(name + ": not a CycloneDX BOM: \"bomFormat\" is "
                    + (value == null ? "null" : "\"" + value + "\"") + ", expected \"CycloneDX\"");
        }
        bomFormat = value;
    }

    private void specVersion(String value) {
        if (!CycloneDxSbomReader.SPEC_VERSIONS.contains(value)) {
            throw new SbomFormatException(name + ": CycloneDX spec version "
                    + (value == null ? "null" : "\"" + value + "\"") + " is not supported (supported: "
                    + String.join(", ", CycloneDxSbomReader.SPEC_VERSIONS) + ")");
        }
        specVersion = value;
    }

    private void metadata() throws IOException {
        if (!reader.startObject()) {
            return;
        }
        while (reader.nextMember()) {
            if (reader.name().equals("component") && reader.startObject()) {
                subject = component("/metadata/component", components);
            } else {
                reader.skip();
            }
        }
    }

    /** An array of components at {@code pointer}; each one, then its nested ones, goes to {@code out}. */
    private void components(String pointer, List<BomComponent> out) throws IOException {
        if (!reader.startArray()) {
            return;
        }
        int index = 0;
        while (reader.nextElement()) {
            String at = pointer + "/" + index++;
            reader.expect(JsonToken.START_OBJECT, "an object");
            List<BomComponent> descendants = new ArrayList<>();
            out.add(component(at, descendants));
            out.addAll(descendants);
        }
    }

    /**
     * The component whose START_OBJECT is the current token; its nested components, depth-first, go to
     * {@code descendants}.
     */
    private BomComponent component(String at, List<BomComponent> descendants) throws IOException {
        String type = null;
        String bomRef = null;
        String componentName = null;
        String version = null;
        String description = null;
        String purl = null;
        List<BomComponent.Property> properties = new ArrayList<>();
        String[] evidence = new String[3];
        while (reader.nextMember()) {
            switch (reader.name()) {
                case "evidence" -> evidence[0] = firstOccurrence();
                case "hashes" -> hashes(evidence);
                case "type" -> type = text();
                case "bom-ref" -> bomRef = text();
                case "name" -> componentName = text();
                case "version" -> version = text();
                case "description" -> description = text();
                case "purl" -> purl = text();
                case "properties" -> properties(properties);
                case "components" -> components(at + "/components", descendants);
                default -> reader.skip();
            }
        }
        return new BomComponent(at, type, bomRef, componentName, version, description, purl, properties,
                evidence[0], evidence[1], evidence[2]);
    }

    /** The location of the first of {@code evidence.occurrences}; null when there is none. */
    private String firstOccurrence() throws IOException {
        String location = null;
        if (!reader.startObject()) {
            return null;
        }
        while (reader.nextMember()) {
            if (!reader.name().equals("occurrences") || !reader.startArray()) {
                reader.skip();
                continue;
            }
            while (reader.nextElement()) {
                reader.expect(JsonToken.START_OBJECT, "an object");
                while (reader.nextMember()) {
                    if (reader.name().equals("location") && location == null) {
                        location = text();
                    } else {
                        reader.skip();
                    }
                }
            }
        }
        return location;
    }

    /** The contents of the first {@code SHA-1} and {@code SHA-256} entries of {@code hashes}, into 1 and 2. */
    private void hashes(String[] evidence) throws IOException {
        if (!reader.startArray()) {
            return;
        }
        while (reader.nextElement()) {
            reader.expect(JsonToken.START_OBJECT, "an object");
            String alg = null;
            String content = null;
            while (reader.nextMember()) {
                switch (reader.name()) {
                    case "alg" -> alg = text();
                    case "content" -> content = text();
                    default -> reader.skip();
                }
            }
            if ("SHA-1".equals(alg) && content != null && evidence[1] == null) {
                evidence[1] = content;
            } else if ("SHA-256".equals(alg) && content != null && evidence[2] == null) {
                evidence[2] = content;
            }
        }
    }

    private void properties(List<BomComponent.Property> out) throws IOException {
        if (!reader.startArray()) {
            return;
        }
        while (reader.nextElement()) {
            reader.expect(JsonToken.START_OBJECT, "an object");
            String propertyName = null;
            String value = null;
            while (reader.nextMember()) {
                switch (reader.name()) {
                    case "name" -> propertyName = text();
                    case "value" -> value = text();
                    default -> reader.skip();
                }
            }
            if (propertyName != null && PropertyNames.isKept(propertyName)) {
                out.add(new BomComponent.Property(propertyName, value));
            }
        }
    }

    /**
     * The current scalar as text (a number or boolean as written); null for JSON null; an object or array is an
     * error.
     */
    private String text() throws IOException {
        JsonToken token = reader.current();
        if (token == JsonToken.VALUE_NULL) {
            return null;
        }
        if (token.isScalarValue()) {
            return reader.text();
        }
        throw reader.wrongType("a string");
    }

    private String here() {
        return where(reader.location());
    }

    /** {@code  (in /components/3/purl)}: where the parser was, when it was inside the document. */
    private String inside() {
        if (reader == null) {
            return "";
        }
        String pointer = reader.pointer();
        return pointer.isEmpty() ? "" : " (in " + pointer + ")";
    }

    private static String where(JsonLocation location) {
        String lineAndColumn = StrictJsonReader.lineAndColumn(location);
        return lineAndColumn == null ? "" : " at " + lineAndColumn;
    }

    private static String firstLine(String message) {
        if (message == null) {
            return "malformed";
        }
        int newline = message.indexOf('\n');
        return newline < 0 ? message : message.substring(0, newline);
    }
}
