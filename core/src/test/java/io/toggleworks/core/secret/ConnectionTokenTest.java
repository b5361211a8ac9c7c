package io.toggleworks.core.secret;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.NullSource;
import org.junit.jupiter.params.provider.ValueSource;

import java.time.Duration;

import static org.assertj.core.api.Assertions.assertThat;

class ConnectionTokenTest {

    @ParameterizedTest
    @CsvSource({
            "QWSBHgpnOV3wI3kKAO9q9viC0wQWQQBDDDQBZWPXDQSdKZrVAf2U6gAnxl4lSH3w, 1666018247603, gpnOV3wI3kKAO9q9viC0wQWdKZrVAf2U6gAnxl4lSH3w",
            "QBPBHv3faJy3RCUO8d-QQBDDDQBZZQQXHPEJiVdN6waRfGjfNan02Ms9c0LiTD6w, 1666018800754, v3faJy3RCUO8d-EJiVdN6waRfGjfNan02Ms9c0LiTD6w",
            "QBQBSE0ZC__zC8EBXQQQQQQQQQQQeQoxEDF-iR9g-JtrIvNK-k-bARYicOTNQA, 1700000000000, E0ZC__zC8EeQoxEDF-iR9g-JtrIvNK-k-bARYicOTNQA"})
    void decodesFeatBitTokens(String token, long timestamp, String secret) {
        assertThat(ConnectionToken.decode(token)).contains(new ConnectionToken(secret, timestamp));
    }

    @Test
    void encodesLikeTheSdks() {
        assertThat(ConnectionToken.encode("E0ZC__zC8EeQoxEDF-iR9g-JtrIvNK-k-bARYicOTNQA", 1700000000000L, 10))
                .isEqualTo("QBQBSE0ZC__zC8EBXQQQQQQQQQQQeQoxEDF-iR9g-JtrIvNK-k-bARYicOTNQA");
        String secret = "gpnOV3wI3kKAO9q9viC0wQWdKZrVAf2U6gAnxl4lSH3w";
        for (int i = 0; i < 200; i++) {
            long now = 1_600_000_000_000L + i * 7919L;
            assertThat(ConnectionToken.decode(ConnectionToken.encode(secret, now))).contains(new ConnectionToken(secret, now));
        }
    }

    @ParameterizedTest
    @NullSource
    @ValueSource(strings = {"", " ", "4chs", "5chars", "QDUBHYWVkLWNiZT", "QQQQS123", "123456", "malformed-token", "XXX",
            // position 999 > 255 (byte overflow) and a payload too short for its declared content
            "UUUQQgpnOV3wI3kKAO9q9viC0wQWdKZrVAf2U6gAnxl4lSH3w", "QWSUUgpnOV3wI3kKAO9q9viC0wQW"})
    void rejectsMalformedTokens(String token) {
        assertThat(ConnectionToken.decode(token)).isEmpty();
    }

    @ParameterizedTest
    @CsvSource({"QQQ, 0", "QWS, 23", "BWZ, 128", "WHH, 255", "BDDBXZPZPXSDQ, 1661784847360", "BWSPHDXZUQ, 1234567890",
            "'', 0", "'   ', 0"})
    void decodesTokenNumbers(String text, long expected) {
        assertThat(ConnectionToken.decodeNumber(text)).hasValue(expected);
    }

    @Test
    void tokenNumbersRejectForeignCharacters() {
        assertThat(ConnectionToken.decodeNumber("QBabcd")).isEmpty();
        assertThat(ConnectionToken.decodeNumber("1234QB")).isEmpty();
        assertThat(ConnectionToken.decodeNumber(null)).hasValue(0);
        assertThat(ConnectionToken.decodeNumber("UUUUUUUUUUUUUUUUUUUU")).isEmpty(); // beyond a signed 64-bit integer
    }

    @Test
    void theClockSkewWindowIsSymmetricAndInclusive() {
        String secret = "gpnOV3wI3kKAO9q9viC0wQWdKZrVAf2U6gAnxl4lSH3w";
        long now = 1_700_000_000_000L;
        String token = ConnectionToken.encode(secret, now, 5);
        assertThat(ConnectionToken.decode(token, now + 30_000, ConnectionToken.DEFAULT_WINDOW)).isPresent();
        assertThat(ConnectionToken.decode(token, now - 30_000, ConnectionToken.DEFAULT_WINDOW)).isPresent();
        assertThat(ConnectionToken.decode(token, now + 31_000, ConnectionToken.DEFAULT_WINDOW)).isEmpty();
        assertThat(ConnectionToken.decode(token, now - 31_000, ConnectionToken.DEFAULT_WINDOW)).isEmpty();
        assertThat(ConnectionToken.decode(token, now + 50_000, Duration.ofSeconds(60))).isPresent();
        assertThat(ConnectionToken.decode(token).orElseThrow().isFresh(now + 29_999)).isTrue();
    }
}
