package io.toggleworks.benchmarks.load;

import io.lettuce.core.KeyScanCursor;
import io.lettuce.core.RedisClient;
import io.lettuce.core.ScanArgs;
import io.lettuce.core.ScanCursor;
import io.lettuce.core.api.StatefulRedisConnection;

/** Removes what a benchmark run left in the shared Redis: every key under its random prefix. */
final class RedisKeys {
    private RedisKeys() {
    }

    /** used_cpu_user + used_cpu_sys of the Redis server ({@code INFO cpu}), in seconds; NaN when unreachable. */
    static double serverCpuSeconds(String hostPort) {
        RedisClient client = RedisClient.create("redis://" + hostPort);
        try (StatefulRedisConnection<String, String> c = client.connect()) {
            double sum = 0;
            for (String line : c.sync().info("cpu").split("\r?\n")) {
                if (line.startsWith("used_cpu_user:") || line.startsWith("used_cpu_sys:")) {
                    sum += Double.parseDouble(line.substring(line.indexOf(':') + 1).trim());
                }
            }
            return sum;
        } catch (RuntimeException e) {
            return Double.NaN;
        } finally {
            client.shutdown();
        }
    }

    static void deletePrefix(String hostPort, String prefix) {
        RedisClient client = RedisClient.create("redis://" + hostPort);
        try (StatefulRedisConnection<String, String> c = client.connect()) {
            ScanCursor cursor = ScanCursor.INITIAL;
            do {
                KeyScanCursor<String> page = c.sync().scan(cursor, ScanArgs.Builder.matches(prefix + "*").limit(1000));
                if (!page.getKeys().isEmpty()) {
                    c.sync().del(page.getKeys().toArray(String[]::new));
                }
                cursor = page;
            } while (!cursor.isFinished());
        } catch (RuntimeException e) {
            System.err.println("could not remove Redis keys " + prefix + "*: " + e.getMessage());
        } finally {
            client.shutdown();
        }
    }
}
