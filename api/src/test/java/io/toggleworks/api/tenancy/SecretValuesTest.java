package io.toggleworks.api.tenancy;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.ByteBuffer;
import java.util.Base64;
import java.util.UUID;
import org.junit.jupiter.api.Test;

class SecretValuesTest {
    @Test
    void secretIs44CharsAndCarriesTheEnvIdInDotNetOrder() {
        UUID env = UUID.fromString("11223344-5566-7788-99aa-bbccddeeff00");
        String secret = SecretValues.newSecret(env);
        assertThat(secret).hasSize(44).doesNotContain("+", "/", "=");
        // .NET ToByteArray(): 44 33 22 11 66 55 88 77 99 aa bb cc dd ee ff 00
        byte[] decoded = Base64.getDecoder().decode(secret.substring(22).replace('-', '+').replace('_', '/') + "==");
        assertThat(decoded).startsWith((byte) 0x44, (byte) 0x33, (byte) 0x22, (byte) 0x11, (byte) 0x66, (byte) 0x55,
                (byte) 0x88, (byte) 0x77, (byte) 0x99, (byte) 0xaa);
        ByteBuffer.wrap(decoded);
    }

    @Test
    void knownEncoding() {
        // .NET bytes 44332211 6655 8877 99aabbccddeeff00 -> base64 "RDMiEWZViHeZqrvM3e7/AA==" -> first 22 chars
        assertThat(SecretValues.encode(UUID.fromString("11223344-5566-7788-99aa-bbccddeeff00")))
                .isEqualTo("RDMiEWZViHeZqrvM3e7_AA");
    }
}
