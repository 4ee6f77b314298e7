package dev.imagescan.functions.api;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.charset.StandardCharsets;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.junit.jupiter.api.Test;

/** Request bodies: the checks of {@link JsonBodies}, on cases fuzzing found (ApiRequestFuzzTest). */
class JsonBodiesTest {

    private static ApiRequest request(String contentType, byte[] body) {
        return new ApiRequest("POST", "/scans", List.of("scans"), Map.of(),
                contentType == null ? Map.of() : Map.of("content-type", contentType), body, "test", null);
    }

    @Test
    void aContentTypeOfOnlyParameterSeparatorsIsUnsupportedNotAServerError() {
        for (String type : List.of(";", ";;", " ; ")) {
            assertThatThrownBy(() -> JsonBodies.requireJson(request(type, "{}".getBytes(StandardCharsets.UTF_8))))
                    .isInstanceOfSatisfying(ApiException.class, e -> assertThat(e.status()).isEqualTo(415));
        }
    }

    @Test
    void jsonWithACharsetOtherThanUtf8IsUnsupported() {
        assertThatThrownBy(() -> JsonBodies.requireJson(request("application/json; charset=latin1", new byte[] {'1'})))
                .isInstanceOfSatisfying(ApiException.class, e -> assertThat(e.status()).isEqualTo(415));
        JsonBodies.requireJson(request("application/json; charset=\"UTF-8\"", new byte[] {'1'}));
    }

    @Test
    void bytesThatAreNoUnicodeTextAreABadRequest() {
        byte[] ucs4InOrder3412 = HexFormat.of().parseHex("00020000000010000000");
        assertThatThrownBy(() -> JsonBodies.stringFields(request("application/json", ucs4InOrder3412),
                Set.of("objectKey")))
                .isInstanceOfSatisfying(ApiException.class, e -> assertThat(e.status()).isEqualTo(400))
                .hasMessageStartingWith("the body is not valid JSON text: ");
    }

    @Test
    void stringFieldsReadsKnownStringFieldsAndDropsNulls() {
        byte[] body = "{\"objectKey\": \"incoming/a.tar\", \"imageDigest\": null}".getBytes(StandardCharsets.UTF_8);
        assertThat(JsonBodies.stringFields(request("application/json", body), Set.of("objectKey", "imageDigest")))
                .containsExactly(Map.entry("objectKey", "incoming/a.tar"));
    }
}
