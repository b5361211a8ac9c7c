package io.toggleworks.benchmarks;

import io.toggleworks.core.enduser.EndUser;
import io.toggleworks.core.evaluation.Evaluator;
import io.toggleworks.core.evaluation.SegmentLookup;
import io.toggleworks.core.flag.FeatureFlag;
import io.toggleworks.core.json.Json;
import io.toggleworks.core.wire.ClientSdkFlag;
import io.toggleworks.core.wire.ClientSdkPayload;
import io.toggleworks.core.wire.Message;
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

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;

/**
 * A client SDK's full data-sync (evaluation-server.md §3.5) for one user over the 50 fixture flags: evaluate every
 * flag, build the {@code ClientSdkFlag}s, wrap them in {@code {"messageType":"data-sync","data":{...}}} and encode
 * the message to the bytes a WebSocket frame would carry. Target: under 25 µs.
 */
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.NANOSECONDS)
// Jackson's serializers take many seconds of JIT before they settle (longer still on a busy machine).
@Warmup(iterations = 8, time = 2)
@Measurement(iterations = 5, time = 1)
@Fork(value = 2, jvmArgsAppend = {"-Xms1g", "-Xmx1g"})
@State(Scope.Thread)
public class ClientSyncBenchmark {
    private Evaluator evaluator;
    private SegmentLookup segments;
    private FeatureFlag[] flags;
    private EndUser[] users;
    private int mask;
    private int next;
    private Message<ClientSdkPayload> builtMessage;

    @Setup
    public void setUp() {
        Fixtures fixtures = Fixtures.load();
        evaluator = new Evaluator();
        segments = EvaluationBenchmark.lookup(fixtures.segments());
        flags = fixtures.allFlags().toArray(FeatureFlag[]::new);
        users = fixtures.users();
        mask = users.length - 1;
        builtMessage = Message.dataSync(ClientSdkPayload.of(0L, users[0].keyId(), clientFlags(evaluator, flags, users[0], segments)));
    }

    @Benchmark
    public byte[] clientSync50Flags() {
        return encode(evaluator, flags, users[next++ & mask], segments);
    }

    /** Breakdown, part 1: the 50 evaluations and the ClientSdkFlag records, without JSON. */
    @Benchmark
    public List<ClientSdkFlag> breakdownEvaluateOnly() {
        return clientFlags(evaluator, flags, users[next++ & mask], segments);
    }

    /** Breakdown, part 2: encoding one already-built 50-flag message (about 18 KB of JSON) to bytes. */
    @Benchmark
    public byte[] breakdownJsonOnly() {
        return Json.writeBytes(builtMessage);
    }

    /** What the Evaluation Server does for a client data-sync with timestamp 0, minus the socket write. */
    static byte[] encode(Evaluator evaluator, FeatureFlag[] flags, EndUser user, SegmentLookup segments) {
        return Json.writeBytes(Message.dataSync(ClientSdkPayload.of(0L, user.keyId(), clientFlags(evaluator, flags, user, segments))));
    }

    static List<ClientSdkFlag> clientFlags(Evaluator evaluator, FeatureFlag[] flags, EndUser user, SegmentLookup segments) {
        List<ClientSdkFlag> out = new ArrayList<>(flags.length);
        for (FeatureFlag flag : flags) {
            out.add(ClientSdkFlag.of(flag, evaluator.evaluate(flag, user, segments)));
        }
        return out;
    }
}
