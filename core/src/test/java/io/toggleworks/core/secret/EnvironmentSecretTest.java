package io.toggleworks.core.secret;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.NullSource;
import org.junit.jupiter.params.provider.ValueSource;

import java.util.UUID;

import static org.assertj.core.api.Assertions.assertThat;

class EnvironmentSecretTest {

    @ParameterizedTest
    @CsvSource({
            "gpnOV3wI3kKAO9q9viC0wQWdKZrVAf2U6gAnxl4lSH3w, ad99d259-1f50-4ed9-a002-7c65e25487df",
            "v3faJy3RCUO8d-EJiVdN6waRfGjfNan02Ms9c0LiTD6w, 8dc61769-5af3-4d9f-8cb3-d7342e24c3eb",
            "E0ZC__zC8EeQoxEDF-iR9g-JtrIvNK-k-bARYicOTNQA, 226b9bf8-4af3-4ffa-9b01-162270e4cd40",
            "0kqduqWZkESt2VSgsd9tEQ-JtrIvNK-k-bARYicOTNQA, 226b9bf8-4af3-4ffa-9b01-162270e4cd40"})
    void extractsTheEnvironmentFromFeatBitSecrets(String secret, String envId) {
        assertThat(EnvironmentSecret.envIdOf(secret)).contains(UUID.fromString(envId));
    }

    @ParameterizedTest
    @NullSource
    @ValueSource(strings = {"", " ", "random-string", "aGVsbG8gd29ybGQ=",
            "ZGY1LTUxYTQtNCUyMDIyMDkwNTAwNTQxOV9fNDZfXzkzX18tMV9fZGVmYXVsdF82MjdhMg==",
            "                                            ", "gpnOV3wI3kKAO9q9viC0wQAAAAAAAAAAAAAAAAAAAA"})
    void rejectsInvalidSecrets(String secret) {
        assertThat(EnvironmentSecret.envIdOf(secret)).isEmpty();
    }

    @Test
    void createdSecretsCarryTheirEnvironment() {
        UUID envId = UUID.randomUUID();
        String secret = EnvironmentSecret.create(envId);
        assertThat(secret).hasSize(44);
        assertThat(EnvironmentSecret.envIdOf(secret)).contains(envId);
        assertThat(EnvironmentSecret.create(envId)).isNotEqualTo(secret);
    }

    @Test
    void guidTextUsesDotNetByteOrder() {
        UUID id = UUID.fromString("226b9bf8-4af3-4ffa-9b01-162270e4cd40");
        assertThat(DotNetGuid.encode(id)).isEqualTo("-JtrIvNK-k-bARYicOTNQA");
        assertThat(DotNetGuid.decode("-JtrIvNK-k-bARYicOTNQA")).isEqualTo(id);
        assertThat(DotNetGuid.toBytes(id)).startsWith((byte) 0xf8, (byte) 0x9b, (byte) 0x6b, (byte) 0x22, (byte) 0xf3, (byte) 0x4a, (byte) 0xfa, (byte) 0x4f, (byte) 0x9b, (byte) 0x01);
        for (int i = 0; i < 1000; i++) {
            UUID u = UUID.randomUUID();
            assertThat(DotNetGuid.decode(DotNetGuid.encode(u))).isEqualTo(u);
        }
        assertThat(DotNetGuid.isEmpty(DotNetGuid.decode("not base64 !!"))).isTrue();
    }
}
