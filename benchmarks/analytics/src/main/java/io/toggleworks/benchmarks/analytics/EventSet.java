package io.toggleworks.benchmarks.analytics;

import io.toggleworks.spi.analytics.AnalyticsEvent;

import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.List;
import java.util.SplittableRandom;
import java.util.UUID;

/**
 * The benchmark's events, the same on every run and for every store: {@code total} events spread evenly, in time
 * order, over the 30 days before {@link #END}, in one environment. Most are {@code FlagValue} evaluations of
 * {@link #FLAGS} flags with Zipf-like popularity (flag {@code k} weighs {@code 1/(k+1)}, so {@code flag-000} gets
 * about 19% of them and {@code flag-049} about 0.4%), by {@link #USERS} end users, each served a stable one of three
 * variations per flag; every tenth flag sends to experiments. About 3% are metric events ({@code CustomEvent}
 * {@code checkout} and {@code revenue}, {@code PageView} {@code /pricing}). Properties are shaped like the SDK
 * events of the conformance suite (tag_0 user key, tag_1 variation id or value, tag_2, tag_3 user name).
 * <p>
 * Batch {@code i} depends only on the seed and {@code i}, so batches can be made on any thread in any order.
 */
final class EventSet {
    static final int FLAGS = 100;
    static final int USERS = 200_000;
    static final Instant END = Instant.parse("2026-11-27T00:00:00Z");
    static final Instant START = END.minus(Duration.ofDays(30));
    static final String ENV_ID = "5f3b0c1e-9a7d-4e2b-8c61-0d4e2f7a9b10";
    static final String HOT_FLAG = flagKey(0);
    static final String TYPICAL_FLAG = flagKey(49);
    private static final double METRIC_SHARE = 0.03;
    private static final String[] VARIATION_SUFFIX = {"a1", "b2", "c3"};

    private final long total;
    private final int batchSize;
    private final long seed;
    private final double[] flagCdf = new double[FLAGS];
    // Made once: String.format per event would cost more than everything else the generator does.
    private static final String[] FLAG_KEYS = new String[FLAGS];
    private static final String[] FLAG_IDS = new String[FLAGS];
    private static final String[][] VARIATIONS = new String[FLAGS][3];
    private static final String[] USER_KEYS = new String[USERS];
    private static final String[] USER_NAMES = new String[USERS];

    static {
        for (int k = 0; k < FLAGS; k++) {
            FLAG_KEYS[k] = flagKey(k);
            FLAG_IDS[k] = flagId(FLAG_KEYS[k]);
            for (int v = 0; v < 3; v++) {
                VARIATIONS[k][v] = variationId(k, v);
            }
        }
        for (int u = 0; u < USERS; u++) {
            USER_KEYS[u] = "user-%06d".formatted(u);
            USER_NAMES[u] = "User " + u;
        }
    }

    EventSet(long total, int batchSize, long seed) {
        this.total = total;
        this.batchSize = batchSize;
        this.seed = seed;
        double sum = 0;
        for (int k = 0; k < FLAGS; k++) {
            sum += 1.0 / (k + 1);
            flagCdf[k] = sum;
        }
        for (int k = 0; k < FLAGS; k++) {
            flagCdf[k] /= sum;
        }
    }

    long total() {
        return total;
    }

    int batches() {
        return (int) ((total + batchSize - 1) / batchSize);
    }

    static String flagKey(int k) {
        return "flag-%03d".formatted(k);
    }

    static String flagId(String flagKey) {
        return ENV_ID + "-" + flagKey;
    }

    /** FeatBit variation ids are GUIDs; these are fixed per flag and variation. */
    static String variationId(int flag, int variation) {
        return "%08x-0000-4000-8000-0000000000%s".formatted(flag, VARIATION_SUFFIX[variation]);
    }

    /** One batch and what it holds of the queried flags, for checking every store's answers. */
    record Batch(List<AnalyticsEvent> events, long hotFlagEvents, long typicalFlagEvents) {
    }

    Batch batch(int index) {
        long from = (long) index * batchSize;
        long to = Math.min(total, from + batchSize);
        SplittableRandom random = new SplittableRandom(seed * 1_000_003L + index);
        long spanMicros = ChronoUnit.MICROS.between(START, END);
        long startMicros = ChronoUnit.MICROS.between(Instant.EPOCH, START);
        List<AnalyticsEvent> events = new ArrayList<>((int) (to - from));
        long hot = 0;
        long typical = 0;
        StringBuilder json = new StringBuilder(512);
        for (long n = from; n < to; n++) {
            // Evenly spread in time order (the DAS receives events roughly as they happen), never on the window edge.
            long at = startMicros + 1 + (long) ((double) n / total * (spanMicros - 2));
            int user = random.nextInt(USERS);
            String userKey = USER_KEYS[user];
            String userName = USER_NAMES[user];
            UUID id = new UUID((random.nextLong() & ~0xF000L) | 0x4000L, (random.nextLong() & 0x3FFFFFFFFFFFFFFFL) | 0x8000000000000000L);
            json.setLength(0);
            if (random.nextDouble() < METRIC_SHARE) {
                int kind = random.nextInt(3);
                String type = kind == 2 ? "PageView" : "CustomEvent";
                String name = kind == 0 ? "checkout" : kind == 1 ? "revenue" : "/pricing";
                String value = kind == 1 ? Integer.toString(5 + random.nextInt(200)) : "1";
                json.append("{\"route\":\"/api/public/insight/track\",\"type\":\"").append(type)
                        .append("\",\"eventName\":\"").append(name).append("\",\"numericValue\":").append(value)
                        .append(",\"user\":{\"keyId\":\"").append(userKey).append("\",\"name\":\"").append(userName)
                        .append("\"},\"applicationType\":\"web\",\"projectId\":\"\",\"envId\":\"").append(ENV_ID)
                        .append("\",\"accountId\":\"\",\"tag_0\":\"").append(userKey).append("\",\"tag_1\":\"")
                        .append(value).append("\",\"tag_2\":\"").append(userName).append("\"}");
                events.add(new AnalyticsEvent(id, name, ENV_ID, type, json.toString(), at));
                continue;
            }
            int flag = flag(random.nextDouble());
            String flagKey = FLAG_KEYS[flag];
            String flagId = FLAG_IDS[flag];
            // A user keeps its variation of a flag, as bucketing gives it.
            String variation = VARIATIONS[flag][Math.floorMod(mix(flag * 1_000_003L + user), 3)];
            boolean experiment = flag % 10 == 0;
            json.append("{\"route\":\"/Variation/GetMultiOptionVariation\",\"flagId\":\"").append(flagId)
                    .append("\",\"envId\":\"").append(ENV_ID).append("\",\"accountId\":\"\",\"projectId\":\"\",\"featureFlagKey\":\"")
                    .append(flagKey).append("\",\"sendToExperiment\":").append(experiment).append(",\"userKeyId\":\"")
                    .append(userKey).append("\",\"userName\":\"").append(userName).append("\",\"variationId\":\"")
                    .append(variation).append("\",\"tag_0\":\"").append(userKey).append("\",\"tag_1\":\"").append(variation)
                    .append("\",\"tag_2\":\"").append(experiment).append("\",\"tag_3\":\"").append(userName).append("\"}");
            events.add(new AnalyticsEvent(id, flagId, ENV_ID, "FlagValue", json.toString(), at));
            if (flag == 0) {
                hot++;
            } else if (flag == 49) {
                typical++;
            }
        }
        return new Batch(events, hot, typical);
    }

    private int flag(double u) {
        int lo = 0;
        int hi = FLAGS - 1;
        while (lo < hi) {
            int mid = (lo + hi) >>> 1;
            if (flagCdf[mid] < u) {
                lo = mid + 1;
            } else {
                hi = mid;
            }
        }
        return lo;
    }

    private static int mix(long x) {
        x = (x ^ (x >>> 33)) * 0xff51afd7ed558ccdL;
        x = (x ^ (x >>> 33)) * 0xc4ceb9fe1a85ec53L;
        return (int) (x ^ (x >>> 33));
    }
}
