package io.toggleworks.infra.redis.mq;

/**
 * The Lua scripts of the queue. Each runs atomically in Redis, so a message is always in exactly one place: the
 * job list, one consumer's processing list, the retry set or the failed list. Scripts derive some key names from
 * arguments (a dead consumer's lists), which standalone Redis allows; Redis Cluster would need hash tags, which
 * FeatBit's bare list names rule out.
 */
final class Scripts {
    private Scripts() {
    }

    /**
     * Registers the consumer, promotes due retries to the job list, tops the processing list up to the batch size
     * and returns everything in it (left-overs first, e.g. a message whose move reply was lost) as
     * {@code payload, deliveryCount} pairs.
     * KEYS: job list, processing, deliveries, retry, consumers, heartbeat. ARGV: batch, now ms, consumer id, TTL ms.
     */
    static final String FETCH = """
            redis.call('SADD', KEYS[5], ARGV[3])
            redis.call('SET', KEYS[6], ARGV[2], 'PX', ARGV[4])
            local due = redis.call('ZRANGEBYSCORE', KEYS[4], '-inf', ARGV[2], 'LIMIT', 0, 1000)
            for _, m in ipairs(due) do
              redis.call('ZREM', KEYS[4], m)
              redis.call('RPUSH', KEYS[1], string.sub(m, 34))
            end
            local want = tonumber(ARGV[1]) - redis.call('LLEN', KEYS[2])
            for i = 1, want do
              if not redis.call('LMOVE', KEYS[1], KEYS[2], 'LEFT', 'RIGHT') then break end
            end
            local items = redis.call('LRANGE', KEYS[2], 0, -1)
            local out = {}
            for i, m in ipairs(items) do
              out[2 * i - 1] = m
              out[2 * i] = redis.call('HINCRBY', KEYS[3], redis.sha1hex(m), 1)
            end
            return out
            """;

    /** Acknowledges: removes each payload once from the processing list. KEYS: processing, deliveries. ARGV: payloads. */
    static final String ACK = """
            local n = 0
            for _, m in ipairs(ARGV) do
              if redis.call('LREM', KEYS[1], 1, m) > 0 then
                redis.call('HDEL', KEYS[2], redis.sha1hex(m))
                n = n + 1
              end
            end
            return n
            """;

    /**
     * Records a failure: parks the message after max deliveries, otherwise schedules a retry. Returns 'parked',
     * 'retry' or 'gone' (no longer ours: recovered by a peer meanwhile).
     * KEYS: processing, deliveries, retry, failed. ARGV: payload, error, max deliveries, due ms, retry id (32 chars),
     * now ISO, failed max length.
     */
    static final String FAIL = """
            if redis.call('LREM', KEYS[1], 1, ARGV[1]) == 0 then return 'gone' end
            local sha = redis.sha1hex(ARGV[1])
            local n = tonumber(redis.call('HGET', KEYS[2], sha) or '0')
            if n >= tonumber(ARGV[3]) then
              redis.call('HDEL', KEYS[2], sha)
              redis.call('RPUSH', KEYS[4], cjson.encode({payload = ARGV[1], error = ARGV[2], deliveries = n, parkedAt = ARGV[6]}))
              redis.call('LTRIM', KEYS[4], -tonumber(ARGV[7]), -1)
              return 'parked'
            end
            redis.call('ZADD', KEYS[3], ARGV[4], ARGV[5] .. '|' .. ARGV[1])
            return 'retry'
            """;

    /**
     * On shutdown: hands the processing list back to the head of the job list in order, without spending a
     * delivery, and deregisters. KEYS: processing, job list, deliveries, consumers, heartbeat. ARGV: consumer id.
     */
    static final String RELEASE = """
            local items = redis.call('LRANGE', KEYS[1], 0, -1)
            for i = #items, 1, -1 do
              redis.call('LPUSH', KEYS[2], items[i])
              local sha = redis.sha1hex(items[i])
              if redis.call('HINCRBY', KEYS[3], sha, -1) <= 0 then redis.call('HDEL', KEYS[3], sha) end
            end
            redis.call('DEL', KEYS[1], KEYS[5])
            redis.call('SREM', KEYS[4], ARGV[1])
            return #items
            """;

    /**
     * Gives the processing lists of dead consumers (registered, heartbeat expired) back to the head of the job
     * list, parking messages that already had max deliveries. Returns {recovered, parked}.
     * KEYS: consumers, job list, deliveries, failed. ARGV: topic base, max deliveries, now ISO, failed max length.
     */
    static final String RECOVER = """
            local recovered, parked = 0, 0
            for _, id in ipairs(redis.call('SMEMBERS', KEYS[1])) do
              if redis.call('EXISTS', ARGV[1] .. ':consumer:' .. id) == 0 then
                local plist = ARGV[1] .. ':processing:' .. id
                local items = redis.call('LRANGE', plist, 0, -1)
                for i = #items, 1, -1 do
                  local m = items[i]
                  local sha = redis.sha1hex(m)
                  local n = tonumber(redis.call('HGET', KEYS[3], sha) or '0')
                  if n >= tonumber(ARGV[2]) then
                    redis.call('HDEL', KEYS[3], sha)
                    redis.call('RPUSH', KEYS[4], cjson.encode({payload = m, deliveries = n, parkedAt = ARGV[3],
                      error = 'no outcome after ' .. n .. ' deliveries (consumer died or hung)'}))
                    parked = parked + 1
                  else
                    redis.call('LPUSH', KEYS[2], m)
                    recovered = recovered + 1
                  end
                end
                redis.call('DEL', plist)
                redis.call('SREM', KEYS[1], id)
              end
            end
            if parked > 0 then redis.call('LTRIM', KEYS[4], -tonumber(ARGV[4]), -1) end
            return {recovered, parked}
            """;

    /**
     * A real-time message: appended to the replay stream and published on the topic's channel in one step, so the
     * stream and the channel agree on order. KEYS: stream. ARGV: channel, topic, payload, max length.
     */
    static final String PUBLISH_REALTIME = """
            redis.call('XADD', KEYS[1], 'MAXLEN', '~', ARGV[4], '*', 'topic', ARGV[2], 'payload', ARGV[3])
            return redis.call('PUBLISH', ARGV[1], ARGV[3])
            """;

    /**
     * Publishes the stream's last id on a consumer's mark channel. Everything published before it is in the
     * stream at or below that id, and reaches the subscriber before the mark. Returns the number of receivers.
     * KEYS: stream. ARGV: mark channel.
     */
    static final String MARK = """
            local last = redis.call('XREVRANGE', KEYS[1], '+', '-', 'COUNT', 1)
            local id = '0-0'
            if #last > 0 then id = last[1][1] end
            return redis.call('PUBLISH', ARGV[1], id)
            """;
}
