package io.toggleworks.api.identity;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

class PasswordHasherTest {
    /** FeatBit's seed hash of "123456": ASP.NET Identity v3, HMAC-SHA256, 10 000 iterations. */
    static final String SEED = "AQAAAAEAACcQAAAAELDHEjCrDQrmnAXU5C//mOLvUBJ7lnVFEMMFxNMDIIrF7xK8JDQKUifU3HH4gexNAQ==";

    @Test
    void acceptsFeatBitsSeedHash() {
        assertThat(PasswordHasher.verify(SEED, "123456")).isTrue();
        assertThat(PasswordHasher.verify(SEED, "1234567")).isFalse();
        assertThat(PasswordHasher.needsRehash(SEED)).isTrue();
    }

    @Test
    void newHashesVerifyAndNeedNoRehash() {
        String hash = PasswordHasher.hash("s3cret-pässword");
        assertThat(PasswordHasher.verify(hash, "s3cret-pässword")).isTrue();
        assertThat(PasswordHasher.verify(hash, "s3cret-password")).isFalse();
        assertThat(PasswordHasher.needsRehash(hash)).isFalse();
        assertThat(hash).isNotEqualTo(PasswordHasher.hash("s3cret-pässword"));
    }

    @Test
    void garbageNeverVerifies() {
        assertThat(PasswordHasher.verify("", "x")).isFalse();
        assertThat(PasswordHasher.verify("not base64!", "x")).isFalse();
        assertThat(PasswordHasher.verify("AQAAAAEAACcQAAAAEA==", "x")).isFalse();
        assertThat(PasswordHasher.verify(null, "x")).isFalse();
    }
}
