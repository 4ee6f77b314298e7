package dev.imagescan.vulndb.osv;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.networknt.schema.JsonSchema;
import com.networknt.schema.JsonSchemaFactory;
import com.networknt.schema.SpecVersion;
import com.networknt.schema.ValidationMessage;
import dev.imagescan.vulndb.testing.OsvFixtures;
import java.io.IOException;
import java.io.InputStream;
import java.util.List;
import java.util.Set;
import java.util.stream.Collectors;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.FieldSource;

/**
 * The crafted records the import tests read are real OSV: valid against the OSV schema (a copy of
 * ossf/osv-schema's validation/schema.json in src/test/resources/schemas/), so the tests do not drift into a
 * dialect of our own.
 */
class OsvSchemaTest {
    static final List<String> RECORDS = OsvFixtures.RECORDS;
    private static JsonSchema schema;

    @BeforeAll
    static void loadSchema() throws IOException {
        try (InputStream in = OsvSchemaTest.class.getResourceAsStream("/schemas/osv-schema.json")) {
            schema = JsonSchemaFactory.getInstance(SpecVersion.VersionFlag.V202012).getSchema(in);
        }
    }

    @ParameterizedTest
    @FieldSource("RECORDS")
    void craftedRecordIsValidOsv(String resource) throws IOException {
        JsonNode record = new ObjectMapper().readTree(OsvFixtures.bytes(resource));

        assertThat(problems(record)).isEmpty();
    }

    @ParameterizedTest
    @FieldSource("RECORDS")
    void theSchemaWouldCatchADefect(String resource) throws IOException {
        JsonNode record = new ObjectMapper().readTree(OsvFixtures.bytes(resource));
        ((ObjectNode) record).remove("modified");

        assertThat(problems(record)).anySatisfy(p -> assertThat(p).contains("modified"));
    }

    private static Set<String> problems(JsonNode document) {
        return schema.validate(document).stream().map(ValidationMessage::toString).collect(Collectors.toSet());
    }
}
