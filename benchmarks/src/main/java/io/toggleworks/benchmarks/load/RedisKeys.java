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
