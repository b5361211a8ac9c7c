package io.toggleworks.infra.redis.cache;

/**
 * The cache's Lua scripts. Each runs atomically, so a reader never sees an index entry without its value, and a
 * write that lost a race (an older {@code updatedAt}, or a flag deleted meanwhile) changes nothing. Scripts build
 * some key names from arguments (per-environment indexes), which standalone Redis allows; Redis Cluster would need
 * hash tags, which FeatBit's key names rule out.
 */
final class CacheScripts {
    private CacheScripts() {
    }

    /**
     * Upserts a flag unless it was deleted or the cached one is newer. Returns 1 when written, 0 when not.
     * KEYS: value, index, deleted marker. ARGV: json, score (updatedAt ms), id.
     */
    static final Script UPSERT_FLAG = Script.of("""
            if redis.call('EXISTS', KEYS[3]) == 1 then return 0 end
            local current = redis.call('ZSCORE', KEYS[2], ARGV[3])
            if current and tonumber(current) > tonumber(ARGV[2]) and redis.call('EXISTS', KEYS[1]) == 1 then return 0 end
            redis.call('SET', KEYS[1], ARGV[1])
            redis.call('ZADD', KEYS[2], ARGV[2], ARGV[3])
            return 1
            """);

    /** Index entry, then value, and a deleted marker with a TTL. KEYS: value, index, deleted marker. ARGV: id, ttl s. */
    static final Script DELETE_FLAG = Script.of("""
            redis.call('SET', KEYS[3], '1', 'EX', ARGV[2])
            redis.call('ZREM', KEYS[2], ARGV[1])
            redis.call('DEL', KEYS[1])
            return 1
            """);

    /**
     * Upserts a segment unless it was deleted or a cached index entry is newer; indexes it in exactly the given
     * environments (removing it from those it has left) and, for a shared one, records its owning environment (the
     * value has none). Returns 1 when written, 0 when not.
     * KEYS: value, deleted marker, environment set, owner. ARGV: json, score, id, index key prefix, owner env id
     * ('' when environment-specific), env ids...
     */
    static final Script UPSERT_SEGMENT = Script.of("""
            if redis.call('EXISTS', KEYS[2]) == 1 then return 0 end
            local score = tonumber(ARGV[2])
            local previous = redis.call('SMEMBERS', KEYS[3])
            if redis.call('EXISTS', KEYS[1]) == 1 then
              local envs = {}
              for _, e in ipairs(previous) do envs[#envs + 1] = e end
              for i = 6, #ARGV do envs[#envs + 1] = ARGV[i] end
              for _, e in ipairs(envs) do
                local s = redis.call('ZSCORE', ARGV[4] .. e, ARGV[3])
                if s and tonumber(s) > score then return 0 end
              end
            end
            redis.call('SET', KEYS[1], ARGV[1])
            local keep = {}
            for i = 6, #ARGV do
              keep[ARGV[i]] = true
              redis.call('ZADD', ARGV[4] .. ARGV[i], score, ARGV[3])
            end
            for _, e in ipairs(previous) do
              if not keep[e] then redis.call('ZREM', ARGV[4] .. e, ARGV[3]) end
            end
            redis.call('DEL', KEYS[3])
            for i = 6, #ARGV do redis.call('SADD', KEYS[3], ARGV[i]) end
            if ARGV[5] == '' then redis.call('DEL', KEYS[4]) else redis.call('SET', KEYS[4], ARGV[5]) end
            return 1
            """);

    /**
     * Index entries (given environments and those recorded), then value, and a deleted marker.
     * KEYS: value, deleted marker, environment set, owner. ARGV: id, ttl s, index key prefix, env ids...
     */
    static final Script DELETE_SEGMENT = Script.of("""
            redis.call('SET', KEYS[2], '1', 'EX', ARGV[2])
            for _, e in ipairs(redis.call('SMEMBERS', KEYS[3])) do redis.call('ZREM', ARGV[3] .. e, ARGV[1]) end
            for i = 4, #ARGV do redis.call('ZREM', ARGV[3] .. ARGV[i], ARGV[1]) end
            redis.call('DEL', KEYS[1])
            redis.call('DEL', KEYS[3], KEYS[4])
            return 1
            """);

    /**
     * Writes a secret's hash unless the secret was deleted. KEYS: hash, deleted marker.
     * ARGV: type, organizationId, organizationKey, projectId, projectKey, envId, envKey.
     */
    static final Script UPSERT_SECRET = Script.of("""
            if redis.call('EXISTS', KEYS[2]) == 1 then return 0 end
            redis.call('HSET', KEYS[1], 'type', ARGV[1], 'organizationId', ARGV[2], 'organizationKey', ARGV[3],
              'projectId', ARGV[4], 'projectKey', ARGV[5], 'envId', ARGV[6], 'envKey', ARGV[7])
            return 1
            """);

    /** KEYS: hash, deleted marker. ARGV: ttl s. */
    static final Script DELETE_SECRET = Script.of("""
            redis.call('SET', KEYS[2], '1', 'EX', ARGV[1])
            redis.call('DEL', KEYS[1])
            return 1
            """);

    /**
     * Removes an environment's flags and environment-specific segments with their indexes (indexes first), marking
     * them deleted; shared segments only lose this environment. Returns the number of values removed.
     * KEYS: flag index, segment index. ARGV: flag prefix, segment prefix, deleted-flag prefix, deleted-segment
     * prefix, segment-envs prefix, ttl s, the env-specific envId marker ({@code "envId":"<id>"}), env id, segment-owner
     * prefix.
     */
    static final Script DELETE_ENVIRONMENT = Script.of("""
            local flags = redis.call('ZRANGE', KEYS[1], 0, -1)
            local segments = redis.call('ZRANGE', KEYS[2], 0, -1)
            redis.call('DEL', KEYS[1])
            redis.call('DEL', KEYS[2])
            local removed = 0
            for _, id in ipairs(flags) do
              redis.call('SET', ARGV[3] .. id, '1', 'EX', ARGV[6])
              removed = removed + redis.call('DEL', ARGV[1] .. id)
            end
            for _, id in ipairs(segments) do
              local value = redis.call('GET', ARGV[2] .. id)
              if value and string.find(value, ARGV[7], 1, true) then
                redis.call('SET', ARGV[4] .. id, '1', 'EX', ARGV[6])
                removed = removed + redis.call('DEL', ARGV[2] .. id)
                redis.call('DEL', ARGV[5] .. id, ARGV[9] .. id)
              else
                redis.call('SREM', ARGV[5] .. id, ARGV[8])
              end
            end
            return removed
            """);

    /**
     * Members of an index scored above a bound, each followed by its value ('' when the value is missing), read in
     * one atomic step. KEYS: index. ARGV: exclusive lower bound ({@code (ms}), value key prefix.
     */
    static final Script READ_INDEX = Script.of("""
            local ids = redis.call('ZRANGEBYSCORE', KEYS[1], ARGV[1], '+inf')
            local out = {}
            for _, id in ipairs(ids) do
              out[#out + 1] = id
              out[#out + 1] = redis.call('GET', ARGV[2] .. id) or ''
            end
            return out
            """);

    /** Extends the lock's lease if this instance still holds it. KEYS: lock. ARGV: token, ttl ms. */
    static final Script RENEW_LOCK = Script.of("""
            if redis.call('GET', KEYS[1]) == ARGV[1] then return redis.call('PEXPIRE', KEYS[1], ARGV[2]) end
            return 0
            """);

    /** Releases the lock only if this instance still holds it. KEYS: lock. ARGV: token. */
    static final Script RELEASE_LOCK = Script.of("""
            if redis.call('GET', KEYS[1]) == ARGV[1] then return redis.call('DEL', KEYS[1]) end
            return 0
            """);
}
