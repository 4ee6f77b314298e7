package dev.imagescan.store.fuzz;

import static java.util.concurrent.TimeUnit.SECONDS;

import com.code_intelligence.jazzer.api.FuzzedDataProvider;
import com.code_intelligence.jazzer.junit.FuzzTest;
import dev.imagescan.store.PageTokens;
import dev.imagescan.store.memory.InMemoryObjectStore;
import dev.imagescan.store.memory.InMemoryScanTable;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.util.Base64;
import java.util.Map;
import org.junit.jupiter.api.Timeout;

/**
 * Fuzzes page tokens on the way in, as callers hand them back (the API's {@code ?next=}): {@link PageTokens#decode}
 * and the in-memory listings that check their fields. The first byte chooses whether the rest is the token as sent or
 * the JSON inside a base64url token (so the fuzzer reaches the JSON). A token that is not one a listing gave is the
 * documented {@link IllegalArgumentException} starting "malformed page token"; anything else is a finding, and so is a
 * decoded token that does not survive {@link PageTokens#encode} and decode unchanged.
 */
class PageTokensFuzzTest {
    private static final InMemoryScanTable TABLE = new InMemoryScanTable(Clock.systemUTC());
    private static final InMemoryObjectStore STORE = new InMemoryObjectStore(Clock.systemUTC());

    static {
        // loads and instruments the classes the target runs before the fuzzer times its first input
        PageTokens.decode(PageTokens.encode(Map.of("v", "images", "s", "", "a", "sha256:0")));
        STORE.list("incoming/", 2, null);
    }

    @FuzzTest
    @Timeout(value = 10, unit = SECONDS)
    void pageToken(FuzzedDataProvider data) {
        boolean wrapped = data.consumeBoolean();
        String token = wrapped
                ? Base64.getUrlEncoder().withoutPadding().encodeToString(data.consumeRemainingAsBytes())
                : new String(data.consumeRemainingAsBytes(), StandardCharsets.UTF_8);
        try {
            Map<String, String> fields = PageTokens.decode(token);
            if (!PageTokens.decode(PageTokens.encode(fields)).equals(fields)) {
                throw new AssertionError("token fields changed on re-encoding: " + fields);
            }
        } catch (IllegalArgumentException e) {
            expectMalformed(e);
        }
        try {
            TABLE.images().list(2, token);
        } catch (IllegalArgumentException e) {
            expectMalformed(e);
        }
        try {
            STORE.list("incoming/", 2, token);
        } catch (IllegalArgumentException e) {
            expectMalformed(e);
        }
    }

    private static void expectMalformed(IllegalArgumentException e) {
        if (!String.valueOf(e.getMessage()).startsWith("malformed page token")) {
            throw e;
        }
    }
}
