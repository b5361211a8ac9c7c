package io.toggleworks.core.evaluation;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

import java.util.List;

import static io.toggleworks.core.evaluation.TestFlags.*;
import static org.assertj.core.api.Assertions.assertThat;

class DispatchAlgorithmTest {

    @ParameterizedTest(name = "bucket({0}) = {1}")
    @CsvSource(delimiter = '|', value = {
            "test-value|0.14653629204258323",
            "qKPKh1S3FolC|0.9105919692665339",
            "3eacb184-2d79-49df-9ea7-edd4f10e4c6f|0.08994403155520558",
            "中文|0.2793801608495414",
            "''|0.3004114832729101",
            "hellou1|0.24027392361313105",
            "expthellou1|0.6712682144716382",
            "ff-test-booltest-user-3|0.645237626042217",
            "ff-test-booltest-user-4|0.1994927953928709",
            "exptff-test-booltest-user-4|0.130469202529639",
            "ff-test-jsontest-user-1|0.11303814221173525",
            "ff-test-jsontest-user-2|0.9716241317801178",
            "return-10p-true3db19c81-e149-4b97-8a0d-79d34531fe59|0.6181446979753673",
            "flag-auser-1|0.3336826111190021",
            "exptflag-auser-1|0.6913899704813957"})
    void matchesFeatBitsHashVectors(String key, double expected) {
        assertThat(DispatchAlgorithm.bucket(key)).isEqualTo(expected);
    }

    @Test
    void rawIntegersOfTheComputedVectors() {
        // bucket = |n / -2^31| exactly, so n is recoverable; checks sign handling of the little-endian int.
        assertThat(DispatchAlgorithm.bucket("中文") * 2147483648.0).isEqualTo(599964327.0);
        assertThat(DispatchAlgorithm.bucket("") * 2147483648.0).isEqualTo(645128748.0);
        assertThat(DispatchAlgorithm.bucket("expthellou1") * 2147483648.0).isEqualTo(1441537514.0);
        assertThat(DispatchAlgorithm.bucket("exptff-test-booltest-user-4") * 2147483648.0).isEqualTo(280180479.0);
    }

    @Test
    void prefixedHashingEqualsConcatenation() {
        byte[] prefix = "flag-a".getBytes(java.nio.charset.StandardCharsets.UTF_8);
        for (String v : List.of("", "user-1", "中文", "😀x", "a".repeat(500))) {
            assertThat(DispatchAlgorithm.bucket(prefix, v)).isEqualTo(DispatchAlgorithm.bucket("flag-a" + v));
        }
        // .NET encodes a lone surrogate as U+FFFD
        assertThat(DispatchAlgorithm.bucket("a\uD800b")).isEqualTo(DispatchAlgorithm.bucket("a\uFFFDb"));
    }

    @Test
    void rolloutRanges() {
        assertThat(DispatchAlgorithm.isInRollout("anything", new double[]{0, 1})).isTrue();
        assertThat(DispatchAlgorithm.isInRollout("anything", new double[]{0, 0.999995})).isTrue();
        assertThat(DispatchAlgorithm.isInRollout("anything", new double[]{0, 1.5})).isTrue();
        assertThat(DispatchAlgorithm.isInRollout("anything", new double[]{0, 0})).isFalse();
        double b = DispatchAlgorithm.bucket("test-value");
        assertThat(DispatchAlgorithm.isInRollout("test-value", new double[]{b, b})).isTrue(); // inclusive bounds
        assertThat(DispatchAlgorithm.isInRollout("test-value", new double[]{0.1, b})).isTrue();
        assertThat(DispatchAlgorithm.isInRollout("test-value", new double[]{b, 0.9})).isTrue();
        assertThat(DispatchAlgorithm.isInRollout("test-value", new double[]{0, 0.1})).isFalse();
    }

    @Test
    void thirtySeventyRolloutOverOneHundredThousandUsersLandsWithinOnePercent() {
        Evaluator evaluator = new Evaluator();
        var flag = flag("rollout-30-70", true, "falseId", List.of(), List.of(),
                fallthrough(null, false, range("trueId", 0, 0.3, 0), range("falseId", 0.3, 1, 0)), false);
        int trues = 0;
        int n = 100_000;
        for (int i = 0; i < n; i++) {
            var r = evaluator.evaluate(flag, user("user-" + i + "-" + Integer.toHexString(i * 31), "n"), SegmentLookup.NONE);
            if (r.variation().orElseThrow().id().equals("trueId")) {
                trues++;
            }
        }
        assertThat((double) trues / n).isBetween(0.29, 0.31);
    }

    @Test
    void theSameUserAlwaysGetsTheSameBucket() {
        Evaluator evaluator = new Evaluator();
        var flag = flag("sticky", true, "falseId", List.of(), List.of(),
                fallthrough(null, false, range("trueId", 0, 0.5, 0), range("falseId", 0.5, 1, 0)), false);
        for (int i = 0; i < 1000; i++) {
            var u = user("u" + i, "n");
            String first = evaluator.evaluate(flag, u, SegmentLookup.NONE).variation().orElseThrow().id();
            for (int k = 0; k < 5; k++) {
                assertThat(evaluator.evaluate(flag, user("u" + i, "other"), SegmentLookup.NONE).variation().orElseThrow().id()).isEqualTo(first);
            }
            assertThat(DispatchAlgorithm.bucket("sticky" + "u" + i)).isEqualTo(DispatchAlgorithm.bucket("sticky" + "u" + i));
        }
    }

    @Test
    void singleBlockMd5AgreesWithMessageDigestAtEveryLength() throws Exception {
        java.security.MessageDigest md5 = java.security.MessageDigest.getInstance("MD5");
        java.util.Random random = new java.util.Random(42);
        for (int len = 0; len <= 120; len++) {
            for (int k = 0; k < 20; k++) {
                StringBuilder sb = new StringBuilder();
                for (int i = 0; i < len; i++) {
                    sb.append((char) (k % 3 == 0 ? 0x4E00 + random.nextInt(200) : 32 + random.nextInt(95)));
                }
                String key = sb.toString();
                byte[] d = md5.digest(key.getBytes(java.nio.charset.StandardCharsets.UTF_8));
                int n = (d[0] & 0xFF) | (d[1] & 0xFF) << 8 | (d[2] & 0xFF) << 16 | d[3] << 24;
                assertThat(DispatchAlgorithm.bucket(key)).as(key).isEqualTo(Math.abs((double) n / -2147483648.0));
            }
        }
    }

    @Test
    void virtualThreadsHashLikePlatformThreads() throws Exception {
        double expected = DispatchAlgorithm.bucket("test-value");
        try (var executor = java.util.concurrent.Executors.newVirtualThreadPerTaskExecutor()) {
            List<java.util.concurrent.Future<Boolean>> results = new java.util.ArrayList<>();
            for (int i = 0; i < 2000; i++) {
                results.add(executor.submit(() -> DispatchAlgorithm.bucket("test-value") == expected
                        && DispatchAlgorithm.bucket("qKPKh1S3FolC") == 0.9105919692665339));
            }
            for (var r : results) {
                assertThat(r.get()).isTrue();
            }
        }
    }
}
