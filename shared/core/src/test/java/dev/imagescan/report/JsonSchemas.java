package dev.imagescan.report;

import com.fasterxml.jackson.databind.JsonNode;
import com.networknt.schema.JsonMetaSchema;
import com.networknt.schema.JsonSchema;
import com.networknt.schema.JsonSchemaFactory;
import com.networknt.schema.NonValidationKeyword;
import com.networknt.schema.SchemaLocation;
import com.networknt.schema.SchemaValidatorsConfig;
import com.networknt.schema.SpecVersion;
import com.networknt.schema.ValidationMessage;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Set;
import java.util.stream.Collectors;

/** Validates documents against the project's published JSON schemas (docs/schemas/). */
public final class JsonSchemas {
    private static JsonSchema inventory;
    private static JsonSchema report;
    private static JsonSchema policy;
    private static JsonSchema sarif;
    private static JsonSchema cycloneDx15;
    private static JsonSchema spdx23;
    private static JsonSchema gitLabContainerScanning;

    private JsonSchemas() {}

    /** The validation messages of {@code document} against docs/schemas/inventory-v1.schema.json; empty when valid. */
    public static Set<String> inventoryProblems(JsonNode document) {
        return inventorySchema().validate(document).stream().map(ValidationMessage::toString).collect(Collectors.toSet());
    }

    private static synchronized JsonSchema inventorySchema() {
        if (inventory == null) {
            try (InputStream in = Files.newInputStream(docs().resolve("schemas/inventory-v1.schema.json"))) {
                inventory = JsonSchemaFactory.getInstance(SpecVersion.VersionFlag.V202012).getSchema(in);
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
        }
        return inventory;
    }

    /** The validation messages of {@code document} against docs/schemas/report-v1.schema.json; empty when valid. */
    public static Set<String> reportProblems(JsonNode document) {
        return reportSchema().validate(document).stream().map(ValidationMessage::toString).collect(Collectors.toSet());
    }

    private static synchronized JsonSchema reportSchema() {
        if (report == null) {
            try (InputStream in = Files.newInputStream(docs().resolve("schemas/report-v1.schema.json"))) {
                report = JsonSchemaFactory.getInstance(SpecVersion.VersionFlag.V202012).getSchema(in);
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
        }
        return report;
    }

    /**
     * The validation messages of {@code document} against docs/schemas/policy-v1.schema.json, with {@code format}
     * asserted (an impossible date is a problem); empty when valid.
     */
    public static Set<String> policyProblems(JsonNode document) {
        return policySchema().validate(document).stream().map(ValidationMessage::toString).collect(Collectors.toSet());
    }

    private static synchronized JsonSchema policySchema() {
        if (policy == null) {
            try (InputStream in = Files.newInputStream(docs().resolve("schemas/policy-v1.schema.json"))) {
                SchemaValidatorsConfig config = SchemaValidatorsConfig.builder().formatAssertionsEnabled(true).build();
                policy = JsonSchemaFactory.getInstance(SpecVersion.VersionFlag.V202012).getSchema(in, config);
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
        }
        return policy;
    }

    /**
     * The validation messages of {@code document} against the official SARIF 2.1.0 schema (draft-04; copied from
     * shared/schemas/ to src/test/resources/schemas/); empty when valid.
     */
    public static Set<String> sarifProblems(JsonNode document) {
        return sarifSchema().validate(document).stream().map(ValidationMessage::toString).collect(Collectors.toSet());
    }

    private static synchronized JsonSchema sarifSchema() {
        if (sarif == null) {
            try (InputStream in = JsonSchemas.class.getResourceAsStream("/schemas/sarif-schema-2.1.0.json")) {
                sarif = JsonSchemaFactory.getInstance(SpecVersion.VersionFlag.V4).getSchema(in);
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
        }
        return sarif;
    }

    /**
     * The validation messages of {@code document} against the official CycloneDX 1.5 JSON schema (draft-07) with the
     * SPDX and JSF schemas it references, all read from src/test/resources/schemas/ (copies of shared/schemas/);
     * empty when valid.
     */
    public static Set<String> cycloneDx15Problems(JsonNode document) {
        return cycloneDx15Schema().validate(document).stream().map(ValidationMessage::toString)
                .collect(Collectors.toSet());
    }

    private static synchronized JsonSchema cycloneDx15Schema() {
        if (cycloneDx15 == null) {
            // meta:enum documents enum values in the CycloneDX schema; it validates nothing
            JsonMetaSchema draft7 = JsonMetaSchema.builder(JsonMetaSchema.getV7())
                    .keyword(new NonValidationKeyword("meta:enum"))
                    .build();
            JsonSchemaFactory factory = JsonSchemaFactory.getInstance(SpecVersion.VersionFlag.V7,
                    b -> b.metaSchema(draft7)
                            .schemaMappers(m -> m.mapPrefix("http://cyclonedx.org/schema/", "classpath:schemas/")));
            cycloneDx15 = factory.getSchema(SchemaLocation.of("http://cyclonedx.org/schema/bom-1.5.schema.json"));
        }
        return cycloneDx15;
    }

    /**
     * The validation messages of {@code document} against SPDX's JSON schema for SPDX 2.3 (draft 2019-09;
     * spdx/spdx-spec {@code schemas/spdx-schema.json} of the 2.3 line, copied to shared/testing's resources: see its
     * README); empty when valid.
     */
    public static Set<String> spdx23Problems(JsonNode document) {
        return spdx23Schema().validate(document).stream().map(ValidationMessage::toString).collect(Collectors.toSet());
    }

    private static synchronized JsonSchema spdx23Schema() {
        if (spdx23 == null) {
            try (InputStream in = JsonSchemas.class.getResourceAsStream("/schemas/spdx-2.3.schema.json")) {
                spdx23 = JsonSchemaFactory.getInstance(SpecVersion.VersionFlag.V201909).getSchema(in);
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
        }
        return spdx23;
    }

    /**
     * The validation messages of {@code document} against GitLab's container-scanning report schema 15.2.4
     * (draft-07; copied to shared/testing's resources: see its README); empty when valid.
     */
    public static Set<String> gitLabContainerScanningProblems(JsonNode document) {
        return gitLabContainerScanningSchema().validate(document).stream().map(ValidationMessage::toString)
                .collect(Collectors.toSet());
    }

    private static synchronized JsonSchema gitLabContainerScanningSchema() {
        if (gitLabContainerScanning == null) {
            try (InputStream in = JsonSchemas.class.getResourceAsStream(
                    "/schemas/gitlab-container-scanning-report-format-15.2.4.json")) {
                gitLabContainerScanning = JsonSchemaFactory.getInstance(SpecVersion.VersionFlag.V7).getSchema(in);
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
        }
        return gitLabContainerScanning;
    }

    /** The repository's docs/ directory, found from the module directory the tests run in. */
    public static Path docs() {
        Path dir = Path.of("").toAbsolutePath();
        for (int up = 0; up < 4 && dir != null; up++, dir = dir.getParent()) {
            if (Files.isRegularFile(dir.resolve("docs/schemas/inventory-v1.schema.json"))) {
                return dir.resolve("docs");
            }
        }
        throw new IllegalStateException("docs/schemas not found above " + Path.of("").toAbsolutePath());
    }
}
