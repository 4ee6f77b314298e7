package dev.imagescan.policy.fuzz;

import static java.util.concurrent.TimeUnit.SECONDS;

import com.code_intelligence.jazzer.junit.FuzzTest;
import dev.imagescan.policy.PolicyFormatException;
import dev.imagescan.policy.PolicyParser;
import java.nio.charset.StandardCharsets;
import org.junit.jupiter.api.Timeout;

/**
 * Fuzzes the policy file parser. A document that is not a valid policy is a {@link PolicyFormatException}; anything
 * else is a finding.
 */
class PolicyFuzzTest {

    static {
        // loads and instruments the classes the target runs before the fuzzer times its first input
        new PolicyFuzzTest().policyDocument("{\"version\": 1}".getBytes(StandardCharsets.UTF_8));
    }

    @FuzzTest
    @Timeout(value = 10, unit = SECONDS)
    void policyDocument(byte[] json) {
        try {
            PolicyParser.parse(json);
        } catch (PolicyFormatException expected) {
            // refused with a JSON pointer and a reason
        }
    }
}
