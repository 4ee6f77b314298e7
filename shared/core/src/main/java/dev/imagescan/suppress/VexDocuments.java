package dev.imagescan.suppress;

import com.fasterxml.jackson.jr.ob.JSON;
import java.io.IOException;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;

/** Reads a VEX document, OpenVEX or CycloneDX, telling them apart by their {@code @context} and {@code bomFormat}. */
public final class VexDocuments {
    /** The most bytes a VEX document may have. */
    public static final int MAX_BYTES = 32 * 1024 * 1024;

    private VexDocuments() {}

    /**
     * The statements of the VEX document {@code file} (named {@code name} in messages), numbered on from
     * {@code order} (a later number wins a tie in time).
     */
    public static List<VexStatement> read(Path file, String name, int order) throws IOException {
        byte[] bytes = Documents.read(file, name, MAX_BYTES);
        Object doc;
        try {
            doc = JSON.std.anyFrom(bytes);
        } catch (IOException e) {
            throw new SuppressionFormatException(name, "not JSON: " + e.getMessage().lines().findFirst().orElse("?"));
        }
        return statements(Documents.object(doc, name, "the document"), name, order);
    }

    /** The statements of a VEX document already parsed into maps and lists (one embedded in a policy, say). */
    public static List<VexStatement> statements(Map<String, Object> doc, String name, int order) {
        Object context = doc.get("@context");
        if (context instanceof String c && c.startsWith("https://openvex.dev/ns")) {
            return OpenVexParser.statements(doc, name, order);
        }
        if ("CycloneDX".equals(doc.get("bomFormat"))) {
            return CycloneDxVexParser.statements(doc, name, order);
        }
        throw new SuppressionFormatException(name, "neither OpenVEX (@context https://openvex.dev/ns/...) nor"
                + " CycloneDX (bomFormat CycloneDX)");
    }
}
