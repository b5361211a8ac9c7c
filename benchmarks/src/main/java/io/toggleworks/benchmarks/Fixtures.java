package io.toggleworks.benchmarks;

import io.toggleworks.core.enduser.EndUser;
import io.toggleworks.core.flag.FeatureFlag;
import io.toggleworks.core.json.Json;
import io.toggleworks.core.segment.Segment;
import tools.jackson.core.type.TypeReference;
import tools.jackson.databind.JsonNode;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;

/**
 * The fixtures shared with the Node harness ({@code benchmarks/node/bench.js}), read from the class path:
 * {@code fixtures/flags.json} (50 flags and 2 segments in the server data-sync shape FeatBit's SDKs receive) and
 * {@code fixtures/users.json} (1,024 end users). Both are written by {@code benchmarks/node/generate-fixtures.js}.
 */
public final class Fixtures {
    public static final String STATIC_FLAG = "static-flag";
    public static final String THREE_RULES_FLAG = "three-rules-flag";
    public static final String SEGMENT_FLAG = "segment-flag";

    private final Map<String, FeatureFlag> flags;
    private final Map<UUID, Segment> segments;
    private final EndUser[] users;

    private Fixtures(Map<String, FeatureFlag> flags, Map<UUID, Segment> segments, EndUser[] users) {
        this.flags = flags;
        this.segments = segments;
        this.users = users;
    }

    public static Fixtures load() {
        JsonNode data = Json.tree(read("fixtures/flags.json")).get("data");
        List<FeatureFlag> flagList = Json.mapper().convertValue(data.get("featureFlags"), new TypeReference<List<FeatureFlag>>() { });
        List<Segment> segmentList = Json.mapper().convertValue(data.get("segments"), new TypeReference<List<Segment>>() { });
        List<EndUser> userList = Json.read(new String(read("fixtures/users.json"), java.nio.charset.StandardCharsets.UTF_8),
                new TypeReference<List<EndUser>>() { });

        Map<String, FeatureFlag> flags = new LinkedHashMap<>();
        flagList.forEach(f -> flags.put(f.key(), f));
        Map<UUID, Segment> segments = new LinkedHashMap<>();
        segmentList.forEach(s -> segments.put(s.id(), s));
        if (Integer.bitCount(userList.size()) != 1) {
            throw new IllegalStateException("users.json must hold a power-of-two number of users, has " + userList.size());
        }
        return new Fixtures(Map.copyOf(flags), Map.copyOf(segments), userList.toArray(EndUser[]::new));
    }

    /** The flag with this key; fails loudly if the fixtures lack it. */
    public FeatureFlag flag(String key) {
        FeatureFlag f = flags.get(key);
        if (f == null) {
            throw new IllegalArgumentException("no fixture flag " + key);
        }
        return f;
    }

    /** All 50 flags, in the order of flags.json. */
    public List<FeatureFlag> allFlags() {
        return flags.values().stream().sorted(java.util.Comparator.comparing(FeatureFlag::key)).toList();
    }

    public Map<UUID, Segment> segments() {
        return segments;
    }

    /** The users, a power-of-two count so benchmarks can cycle with a mask. */
    public EndUser[] users() {
        return users.clone();
    }

    private static byte[] read(String resource) {
        try (InputStream in = Fixtures.class.getClassLoader().getResourceAsStream(resource)) {
            if (in == null) {
                throw new IllegalStateException("missing class-path resource " + resource);
            }
            return in.readAllBytes();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
