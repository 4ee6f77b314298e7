package dev.imagescan.functions.api;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.junit.jupiter.api.Test;

/** RFC 3986 percent-decoding of path segments: ASCII hex digits only, UTF-8 results only, literal text kept whole. */
class PercentDecodingTest {

    @Test
    void decodesEscapesAndKeepsLiteralText() {
        assertThat(ApiRequests.percentDecode("sha256%3Aab")).isEqualTo("sha256:ab");
        assertThat(ApiRequests.percentDecode("a%2fb%2Fc")).isEqualTo("a/b/c");
        assertThat(ApiRequests.percentDecode("caf%C3%A9+x")).as("a plus stays a plus").isEqualTo("café+x");
        assertThat(ApiRequests.percentDecode("plain")).isEqualTo("plain");
    }

    @Test
    void keepsLiteralSupplementaryCharactersBesideEscapes() {
        assertThat(ApiRequests.percentDecode("\uD83D\uDE00%20x")).as("a surrogate pair stays one character")
                .isEqualTo("\uD83D\uDE00 x");
    }

    @Test
    void refusesDigitsOfOtherScripts() {
        // U+0663 ARABIC-INDIC DIGIT THREE and U+FF21 FULLWIDTH A are digits to Character.digit, not hex in a URI
        for (String segment : new String[] {"%\u06630", "%2\uFF21", "%zz", "%2", "%"}) {
            assertThatThrownBy(() -> ApiRequests.percentDecode(segment)).as(segment)
                    .isInstanceOf(ApiException.class).hasMessageContaining("malformed %-escape")
                    .satisfies(e -> assertThat(((ApiException) e).status()).isEqualTo(400));
        }
    }

    @Test
    void refusesBytesThatAreNotUtf8() {
        assertThatThrownBy(() -> ApiRequests.percentDecode("%C3%28")).isInstanceOf(ApiException.class)
                .hasMessageContaining("does not decode to UTF-8");
    }
}
