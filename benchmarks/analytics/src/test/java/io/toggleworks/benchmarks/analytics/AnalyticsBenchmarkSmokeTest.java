package io.toggleworks.benchmarks.analytics;

import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

import java.io.IOException;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assertions.fail;

/**
 * The harness end to end on a few thousand events per store: database made, events in, every query answered with
 * the counts the generator made, database dropped. No timing is checked (timings live in docs/benchmarks.md).
 */
class AnalyticsBenchmarkSmokeTest {
    @ParameterizedTest
    @ValueSource(strings = {"Postgres", "ClickHouse", "MongoDb"})
    @SuppressWarnings("unchecked")
    void runsOneStoreOnAFewThousandEvents(String store) {
        int postgresPort = Integer.getInteger("toggleworks.test.postgres.port", 5432);
        String missing = switch (store) {
            case "Postgres" -> listening(postgresPort) ? null
                    : "No PostgreSQL at 127.0.0.1:" + postgresPort + " (install: apt-get install -y postgresql)";
            case "ClickHouse" -> PrivateClickHouse.binary().isPresent() ? null
                    : "No clickhouse-server (install: " + PrivateClickHouse.INSTALL + ")";
            default -> null;
        };
        if (missing != null) {
            if ("true".equalsIgnoreCase(System.getenv("CI"))) {
                fail(missing);
            }
            Assumptions.abort(missing);
        }
        AnalyticsBenchmark.Options options = new AnalyticsBenchmark.Options(List.of(store), 3_000, 3_000, 1_000, 2, 7,
                Map.of(), 1, Duration.ofSeconds(10), Path.of("target/smoke"), "127.0.0.1", postgresPort, null, null,
                "test");

        Map<String, Object> result = AnalyticsBenchmark.runStore(store, options, List.of());

        assertThat(result).doesNotContainKeys("skipped", "error");
        Map<String, Object> ingest = (Map<String, Object>) result.get("ingest");
        assertThat(ingest.get("events")).isEqualTo(3_000L);
        assertThat(ingest.get("complete")).isEqualTo(true);
        List<Map<String, Object>> queries = (List<Map<String, Object>>) result.get("queries");
        assertThat(queries).hasSize(5).allSatisfy(q -> {
            assertThat(q).doesNotContainKeys("error", "warning");
            assertThat((Long) q.get("checksum")).isPositive();
            if (q.containsKey("correct")) {
                assertThat(q.get("correct")).as(q.get("id") + " sums to the generated count").isEqualTo(true);
            }
        });
    }

    private static boolean listening(int port) {
        try (Socket s = new Socket()) {
            s.connect(new InetSocketAddress("127.0.0.1", port), 500);
            return true;
        } catch (IOException e) {
            return false;
        }
    }
}
