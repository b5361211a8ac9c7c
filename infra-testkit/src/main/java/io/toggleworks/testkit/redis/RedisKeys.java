package io.toggleworks.testkit.redis;

import io.lettuce.core.KeyScanCursor;
import io.lettuce.core.ScanArgs;
import io.lettuce.core.ScanCursor;
import io.lettuce.core.api.sync.RedisCommands;
import java.util.ArrayList;
import java.util.List;

/**
 * The keys a test left in the machine's shared Redis under its random prefix: found with SCAN (never KEYS, which
 * blocks the server for every other test) and removed.
 */
public final class RedisKeys {
    private static final int PAGE = 1000;

    private RedisKeys() {
    }

    /** Every key matching the glob {@code pattern}. */
    public static List<String> matching(RedisCommands<String, String> redis, String pattern) {
        List<String> keys = new ArrayList<>();
        ScanCursor cursor = ScanCursor.INITIAL;
        do {
            KeyScanCursor<String> page = redis.scan(cursor, ScanArgs.Builder.matches(pattern).limit(PAGE));
            keys.addAll(page.getKeys());
            cursor = page;
        } while (!cursor.isFinished());
        return keys;
    }

    /** Deletes every key that starts with {@code prefix}. */
    public static void deleteUnder(RedisCommands<String, String> redis, String prefix) {
        List<String> keys = matching(redis, prefix + "*");
        if (!keys.isEmpty()) {
            redis.del(keys.toArray(String[]::new));
        }
    }
}
