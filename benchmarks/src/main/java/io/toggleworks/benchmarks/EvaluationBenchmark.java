package io.toggleworks.benchmarks;

import io.toggleworks.core.enduser.EndUser;
import io.toggleworks.core.evaluation.DispatchAlgorithm;
import io.toggleworks.core.evaluation.EvaluationResult;
import io.toggleworks.core.evaluation.Evaluator;
import io.toggleworks.core.evaluation.SegmentLookup;
import io.toggleworks.core.flag.FeatureFlag;
import io.toggleworks.core.segment.Segment;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.Warmup;

import java.util.Map;
import java.util.Optional;
import java.util.concurrent.TimeUnit;

/**
 * One flag evaluated for one user, for the three flag shapes of issue 2 (targets in docs/benchmarks.md). Each call
 * takes the next of 1,024 pre-built users, so branches and hash buckets vary as they do in production; the flag and
 * segment records stay the same instances, as they do between two changes in the Evaluation Server.
 */
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.NANOSECONDS)
@Warmup(iterations = 5, time = 1)
@Measurement(iterations = 5, time = 1)
@Fork(value = 2, jvmArgsAppend = {"-Xms1g", "-Xmx1g"})
@State(Scope.Thread)
public class EvaluationBenchmark {
    private Evaluator evaluator;
    private SegmentLookup segments;
    private FeatureFlag staticFlag;
    private FeatureFlag threeRulesFlag;
    private FeatureFlag segmentFlag;
    private EndUser[] users;
    private String[] dispatchKeys;
    private int mask;
    private int next;

    @Setup
    public void setUp() {
        Fixtures fixtures = Fixtures.load();
        evaluator = new Evaluator();
        segments = lookup(fixtures.segments());
        staticFlag = fixtures.flag(Fixtures.STATIC_FLAG);
        threeRulesFlag = fixtures.flag(Fixtures.THREE_RULES_FLAG);
        segmentFlag = fixtures.flag(Fixtures.SEGMENT_FLAG);
        users = fixtures.users();
        mask = users.length - 1;
        dispatchKeys = new String[users.length];
        for (int i = 0; i < users.length; i++) {
            dispatchKeys[i] = Fixtures.THREE_RULES_FLAG + users[i].keyId();
        }
    }

    /** Segment ids in conditions are strings; the store keeps them by id, as the Evaluation Server's cache does. */
    static SegmentLookup lookup(Map<java.util.UUID, Segment> byId) {
        Map<String, Optional<Segment>> byText = new java.util.HashMap<>();
        byId.forEach((id, s) -> byText.put(id.toString(), Optional.of(s)));
        Map<String, Optional<Segment>> frozen = Map.copyOf(byText);
        return id -> frozen.getOrDefault(id, Optional.empty());
    }

    private EndUser nextUser() {
        return users[next++ & mask];
    }

    /** Enabled, no targets, no rules, fallthrough 100% one variation. Target: under 50 ns, no allocation. */
    @Benchmark
    public EvaluationResult staticFlag() {
        return evaluator.evaluate(staticFlag, nextUser(), segments);
    }

    /** Three rules of two conditions each, then a 30/70 fallthrough rollout (MD5 dispatch). Target: under 300 ns. */
    @Benchmark
    public EvaluationResult threeRulesAndRollout() {
        return evaluator.evaluate(threeRulesFlag, nextUser(), segments);
    }

    /** One rule "User is in segment": excluded list, included list, then the segment's own rule. */
    @Benchmark
    public EvaluationResult segmentRule() {
        return evaluator.evaluate(segmentFlag, nextUser(), segments);
    }

    /** Breakdown: one FeatBit-compatible bucket (MD5 of flag key + keyId), the floor of any hashed rollout. */
    @Benchmark
    public double breakdownMd5Bucket() {
        return DispatchAlgorithm.bucket(dispatchKeys[next++ & mask]);
    }
}
