package io.toggleworks.infra.redis.cache;

import io.lettuce.core.RedisException;
import io.lettuce.core.ScriptOutputType;
import io.lettuce.core.KeyValue;
import io.lettuce.core.api.sync.RedisCommands;
import io.toggleworks.core.flag.FeatureFlag;
import io.toggleworks.core.secret.SecretRecord;
import io.toggleworks.core.secret.SecretType;
import io.toggleworks.core.segment.Segment;
import io.toggleworks.infra.redis.connection.RedisConnectionString;
import io.toggleworks.spi.store.EvaluationStore;
import io.toggleworks.spi.store.StoreUnavailableException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import tools.jackson.core.JacksonException;

import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import java.util.Optional;
import java.util.UUID;
import java.util.function.Function;

/**
 * The Evaluation Server's reads from FeatBit's Redis cache ({@code CacheProvider=Redis}, evaluation-server.md §7.2).
 * An index and its values are read in one atomic script. An index entry whose value is missing (FeatBit's API
 * before its fix #933 could leave one) or unreadable is skipped with one warning per call, never failing the whole
 * environment. Redis errors become {@link StoreUnavailableException}.
 */
public final class RedisEvaluationStore implements EvaluationStore {
    private static final Logger log = LoggerFactory.getLogger(RedisEvaluationStore.class);

    private final CacheConnection connection;
    private final RedisCacheKeys keys;

    public RedisEvaluationStore(RedisConnectionString connectionString, RedisCacheSettings settings) {
        this.connection = new CacheConnection(connectionString);
        this.keys = new RedisCacheKeys(settings.keyPrefix());
    }

    @Override
    public List<FeatureFlag> flagsUpdatedAfter(UUID envId, long timestampMs) {
        List<Object> reply = read(r -> CacheScripts.READ_INDEX.run(r, ScriptOutputType.MULTI,
                new String[]{keys.flagIndex(envId)}, "(" + timestampMs, keys.flagPrefix()));
        List<FeatureFlag> flags = new ArrayList<>(reply.size() / 2);
        List<String> orphans = new ArrayList<>();
        for (int i = 0; i + 1 < reply.size(); i += 2) {
            String id = text(reply.get(i));
            String value = text(reply.get(i + 1));
            parse(value, CacheDocuments::readFlag).ifPresentOrElse(flags::add, () -> orphans.add(id));
        }
        warnOrphans("flag", envId, orphans, reply.size() / 2);
        return flags;
    }

    @Override
    public List<FeatureFlag> flagsByIds(Collection<UUID> ids) {
        if (ids.isEmpty()) {
            return List.of();
        }
        List<UUID> wanted = ids.stream().distinct().toList();
        List<KeyValue<String, String>> values = read(r -> r.mget(wanted.stream().map(keys::flag).toArray(String[]::new)));
        List<FeatureFlag> flags = new ArrayList<>(values.size());
        List<String> missing = new ArrayList<>();
        for (int i = 0; i < values.size(); i++) {
            KeyValue<String, String> kv = values.get(i);
            Optional<FeatureFlag> flag = kv.hasValue() ? parse(kv.getValue(), CacheDocuments::readFlag) : Optional.empty();
            UUID id = wanted.get(i);
            flag.ifPresentOrElse(flags::add, () -> missing.add(id.toString()));
        }
        if (!missing.isEmpty()) {
            log.warn("Orphan flag ids requested: {}", String.join(", ", missing));
        }
        return flags;
    }

    @Override
    public Optional<Segment> segment(UUID id) {
        String value = read(r -> r.get(keys.segment(id)));
        if (value == null) {
            return Optional.empty();
        }
        // A shared segment's value carries no environment: its owner is recorded beside it (by our writer), else
        // any environment it is indexed in, else the nil id, so that callers never receive null.
        UUID envId = ownEnvId(value)
                .or(() -> Optional.ofNullable(read(r -> r.get(keys.segmentOwner(id)))).flatMap(RedisEvaluationStore::uuid))
                .or(() -> Optional.ofNullable(read(r -> r.srandmember(keys.segmentEnvs(id)))).flatMap(RedisEvaluationStore::uuid))
                .orElse(new UUID(0, 0));
        return parse(value, v -> CacheDocuments.readSegment(v, envId));
    }

    private static Optional<UUID> uuid(String text) {
        try {
            return Optional.of(UUID.fromString(text));
        } catch (IllegalArgumentException e) {
            return Optional.empty();
        }
    }

    private static Optional<UUID> ownEnvId(String value) {
        try {
            String envId = io.toggleworks.core.json.Json.tree(value).path("envId").asString("");
            return envId.isEmpty() ? Optional.empty() : Optional.of(UUID.fromString(envId));
        } catch (RuntimeException e) {
            return Optional.empty();
        }
    }

    @Override
    public List<Segment> segmentsUpdatedAfter(UUID envId, long timestampMs) {
        List<Object> reply = read(r -> CacheScripts.READ_INDEX.run(r, ScriptOutputType.MULTI,
                new String[]{keys.segmentIndex(envId)}, "(" + timestampMs, keys.segmentPrefix()));
        List<Segment> segments = new ArrayList<>(reply.size() / 2);
        List<String> orphans = new ArrayList<>();
        for (int i = 0; i + 1 < reply.size(); i += 2) {
            String id = text(reply.get(i));
            String value = text(reply.get(i + 1));
            parse(value, v -> CacheDocuments.readSegment(v, envId)).ifPresentOrElse(segments::add, () -> orphans.add(id));
        }
        warnOrphans("segment", envId, orphans, reply.size() / 2);
        return segments;
    }

    @Override
    public Optional<SecretRecord> secret(String secret) {
        if (secret == null || secret.isEmpty()) {
            return Optional.empty();
        }
        List<KeyValue<String, String>> fields = read(r -> r.hmget(keys.secret(secret), "type", "projectKey", "envId", "envKey"));
        if (fields.size() < 4 || !fields.get(0).hasValue() || !fields.get(2).hasValue()) {
            return Optional.empty();
        }
        Optional<SecretType> type = SecretType.fromWire(fields.get(0).getValue());
        UUID envId;
        try {
            envId = UUID.fromString(fields.get(2).getValue());
        } catch (IllegalArgumentException e) {
            log.warn("Cached secret has a malformed envId; ignored");
            return Optional.empty();
        }
        return type.map(t -> new SecretRecord(secret, t, envId, value(fields.get(3)), value(fields.get(1))));
    }

    private static String value(KeyValue<String, String> kv) {
        return kv.hasValue() ? kv.getValue() : "";
    }

    @Override
    public boolean isAvailable() {
        try {
            return "PONG".equalsIgnoreCase(connection.sync().ping());
        } catch (RuntimeException e) {
            return false;
        }
    }

    @Override
    public void close() {
        connection.close();
    }

    private static String text(Object o) {
        if (o == null) {
            return "";
        }
        return o instanceof byte[] b ? new String(b, java.nio.charset.StandardCharsets.UTF_8) : o.toString();
    }

    private static <T> Optional<T> parse(String value, Function<String, T> reader) {
        if (value == null || value.isEmpty()) {
            return Optional.empty();
        }
        try {
            return Optional.of(reader.apply(value));
        } catch (JacksonException | ClassCastException | IllegalArgumentException e) {
            log.warn("Unreadable cached document skipped: {}", e.getMessage());
            return Optional.empty();
        }
    }

    private static void warnOrphans(String kind, UUID envId, List<String> orphans, int total) {
        if (!orphans.isEmpty()) {
            log.warn("Orphan {} index members in env {}: {} of {}. Missing keys: {}", kind, envId, orphans.size(), total,
                    String.join(", ", orphans));
        }
    }

    private <T> T read(Function<RedisCommands<String, String>, T> action) {
        try {
            return action.apply(connection.sync());
        } catch (RedisException e) {
            throw new StoreUnavailableException("Redis cache at " + connection.describe() + " could not be read: " + e.getMessage(), e);
        } catch (IllegalStateException e) {
            throw new StoreUnavailableException("Redis cache is closed", e);
        }
    }
}
