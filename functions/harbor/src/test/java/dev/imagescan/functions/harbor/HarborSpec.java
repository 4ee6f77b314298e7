package dev.imagescan.functions.harbor;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.fasterxml.jackson.dataformat.yaml.YAMLFactory;
import com.networknt.schema.JsonSchema;
import com.networknt.schema.JsonSchemaFactory;
import com.networknt.schema.SpecVersion;
import com.networknt.schema.ValidationMessage;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Path;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.stream.Collectors;

/**
 * Harbor's OpenAPI file (docs/harbor/scanner-adapter-openapi-v1.2.yaml, goharbor/pluggable-scanner-spec at
 * d898c3d7) as JSON Schemas: the schema objects of {@code components.schemas} are OpenAPI 3.0's subset of JSON
 * Schema draft 4 (plus {@code nullable}, {@code example}, which validate nothing), so each is validated as a draft-4
 * schema {@code {"$ref":"#/components/schemas/<name>","components":…}} over the file's own components.
 */
final class HarborSpec {
    static final Path FILE = Path.of("../../docs/harbor/scanner-adapter-openapi-v1.2.yaml");
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final JsonNode SPEC = load();
    private static final Map<String, JsonSchema> SCHEMAS = new ConcurrentHashMap<>();

    private HarborSpec() {}

    private static JsonNode load() {
        try {
            return new ObjectMapper(new YAMLFactory()).readTree(FILE.toFile());
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** The spec itself. */
    static JsonNode spec() {
        return SPEC;
    }

    /** What is wrong with {@code json} against the component schema {@code name}; empty when it is valid. */
    static Set<String> problems(String name, String json) {
        if (!SPEC.path("components").path("schemas").has(name)) {
            throw new IllegalArgumentException("the spec has no schema " + name);
        }
        JsonSchema schema = SCHEMAS.computeIfAbsent(name, n -> {
            ObjectNode root = JSON.createObjectNode();
            root.put("$ref", "#/components/schemas/" + n);
            root.set("components", SPEC.get("components"));
            return JsonSchemaFactory.getInstance(SpecVersion.VersionFlag.V4).getSchema(root);
        });
        try {
            return schema.validate(JSON.readTree(json)).stream().map(ValidationMessage::toString)
                    .collect(Collectors.toSet());
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** The schema the spec gives the answer of {@code operationPath}/{@code method} with {@code status} and type. */
    static String responseSchema(String operationPath, String method, int status, String mediaType) {
        JsonNode content = SPEC.path("paths").path(operationPath).path(method).path("responses")
                .path(Integer.toString(status)).path("content").path(mediaType);
        String ref = content.path("schema").path("$ref").asText(null);
        if (ref == null) {
            throw new IllegalArgumentException("the spec gives no schema for " + method + " " + operationPath + " "
                    + status + " " + mediaType);
        }
        return ref.substring(ref.lastIndexOf('/') + 1);
    }
}
