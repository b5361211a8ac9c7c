package io.toggleworks.infra.redis.cache;

import io.lettuce.core.RedisNoScriptException;
import io.lettuce.core.ScriptOutputType;
import io.lettuce.core.api.sync.RedisCommands;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;

/** A Lua script run by its SHA-1 ({@code EVALSHA}), sent in full only when Redis does not know it yet. */
record Script(String text, String sha) {
    static Script of(String text) {
        try {
            byte[] digest = MessageDigest.getInstance("SHA-1").digest(text.getBytes(StandardCharsets.UTF_8));
            return new Script(text, HexFormat.of().formatHex(digest));
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }

    /** Issues the script without waiting (pipelined); Redis must know it already ({@link #load}). */
    <T> io.lettuce.core.RedisFuture<T> start(io.lettuce.core.api.async.RedisAsyncCommands<String, String> redis,
                                           ScriptOutputType type, String[] keys, String... args) {
        return redis.evalsha(sha, type, keys, args);
    }

    void load(RedisCommands<String, String> redis) {
        redis.scriptLoad(text);
    }

    <T> T run(RedisCommands<String, String> redis, ScriptOutputType type, String[] keys, String... args) {
        try {
            return redis.evalsha(sha, type, keys, args);
        } catch (RedisNoScriptException e) {
            return redis.eval(text, type, keys, args);
        }
    }
}
