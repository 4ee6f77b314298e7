package dev.imagescan.vulndb.osv.fuzz;

import static java.util.concurrent.TimeUnit.SECONDS;

import com.code_intelligence.jazzer.junit.FuzzTest;
import dev.imagescan.vulndb.osv.OsvFormatException;
import dev.imagescan.vulndb.osv.OsvParser;
import java.nio.charset.StandardCharsets;
import org.junit.jupiter.api.Timeout;

/**
 * Fuzzes the OSV record parser on one document, as every feed hands it over. A document that cannot be used is an
 * {@link OsvFormatException}; any other exception, a hang or an OutOfMemoryError is a finding.
 */
class OsvParserFuzzTest {
    private static final OsvParser PARSER = new OsvParser();

    static {
        // loads and instruments the classes the target runs before the fuzzer times its first input
        new OsvParserFuzzTest().osvDocument("{\"id\": \"X-1\"}".getBytes(StandardCharsets.UTF_8));
    }

    @FuzzTest
    @Timeout(value = 10, unit = SECONDS)
    void osvDocument(byte[] json) {
        try {
            PARSER.parse(json, "fuzz.json");
        } catch (OsvFormatException expected) {
            // refused with a one-line reason
        }
    }
}
