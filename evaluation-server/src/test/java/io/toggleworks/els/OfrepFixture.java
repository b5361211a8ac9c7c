package io.toggleworks.els;

import io.toggleworks.els.support.FakeMessageQueue;
import io.toggleworks.els.support.FeatBitData;
import io.toggleworks.els.support.TestDatabase;

import java.time.Instant;
import java.util.Map;
import java.util.UUID;

/** One environment with a flag of every kind OFREP maps (ADR 0044), and a running Evaluation Server. */
final class OfrepFixture implements AutoCloseable {
    static final Instant T1 = Instant.parse("2024-01-01T00:00:00.123Z");
    private static final String NO_TARGETS = "[]";
    private static final String NO_RULES = "[]";

    final TestDatabase db = TestDatabase.create();
    final FeatBitData data = new FeatBitData(db);
    final FeatBitData.Env env = data.environment("ofrep");
    final FeatBitData.Env other = data.environment("other");
    final UUID boolFlag;
    final ServerHarness els;

    OfrepFixture() throws InterruptedException {
        UUID segment = data.segment(env.id(), "ofrep", T1, "alice");
        // on for "vip" (target), for segment members (rule "in segment"), else "off" (fallthrough)
        boolFlag = data.booleanFlag(env.id(), "bool-flag", T1, segment);
        data.flag(env.id(), "string-split", "string", new String[]{"a=alpha", "b=beta"}, NO_TARGETS, NO_RULES, true, "a",
                fallthrough("{\"id\":\"a\",\"rollout\":[0,0.5],\"exptRollout\":1},{\"id\":\"b\",\"rollout\":[0.5,1],\"exptRollout\":1}"), false, T1);
        data.flag(env.id(), "number-static", "number", new String[]{"n=42", "m=1.5"}, NO_TARGETS, NO_RULES, true, "m",
                fallthrough("{\"id\":\"n\",\"rollout\":[0,1],\"exptRollout\":1}"), false, T1);
        data.flag(env.id(), "double-rule", "number", new String[]{"n=42", "m=1.5"}, NO_TARGETS,
                "[{\"id\":\"r1\",\"name\":\"french\",\"dispatchKey\":null,\"includedInExpt\":false,"
                        + "\"conditions\":[{\"id\":\"c1\",\"property\":\"country\",\"op\":\"Equal\",\"value\":\"fr\"}],"
                        + "\"variations\":[{\"id\":\"m\",\"rollout\":[0,1],\"exptRollout\":1}]}]",
                true, "n", fallthrough("{\"id\":\"n\",\"rollout\":[0,1],\"exptRollout\":1}"), false, T1);
        data.flag(env.id(), "json-flag", "json", new String[]{"j={\"color\":\"red\",\"size\":3}", "k={}"}, NO_TARGETS, NO_RULES, true, "k",
                fallthrough("{\"id\":\"j\",\"rollout\":[0,1],\"exptRollout\":1}"), false, T1);
        data.flag(env.id(), "disabled-flag", "boolean", new String[]{"on=true", "off=false"}, NO_TARGETS, NO_RULES, false, "off",
                fallthrough("{\"id\":\"on\",\"rollout\":[0,1],\"exptRollout\":1}"), false, T1);
        data.flag(env.id(), "archived-flag", "boolean", new String[]{"on=true", "off=false"}, NO_TARGETS, NO_RULES, true, "off",
                fallthrough("{\"id\":\"on\",\"rollout\":[0,1],\"exptRollout\":1}"), true, T1);
        data.flag(env.id(), "broken-bool", "boolean", new String[]{"x=maybe", "off=false"}, NO_TARGETS, NO_RULES, true, "off",
                fallthrough("{\"id\":\"x\",\"rollout\":[0,1],\"exptRollout\":1}"), false, T1);
        data.booleanFlag(other.id(), "other-flag", T1, null);
        els = new ServerHarness(db, new FakeMessageQueue(), Map.of());
    }

    static String fallthrough(String variations) {
        return "{\"dispatchKey\":null,\"includedInExpt\":false,\"variations\":[" + variations + "]}";
    }

    String baseUrl() {
        return "http://127.0.0.1:" + els.port();
    }

    @Override
    public void close() {
        els.close();
        db.close();
    }
}
