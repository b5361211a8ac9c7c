package io.toggleworks.core.evaluation;

import io.toggleworks.core.enduser.EndUser;
import io.toggleworks.core.flag.FeatureFlag;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.Test;

import java.lang.management.ManagementFactory;
import java.util.List;

import static io.toggleworks.core.evaluation.TestFlags.*;
import static org.assertj.core.api.Assertions.assertThat;

/**
 * ADR 0014: evaluating a compiled flag allocates nothing, hashed rollouts included. Counted with the JVM's per-thread
 * allocation counter (not a timing); a small slack absorbs unrelated JVM activity on the test thread.
 */
class AllocationTest {

    @Test
    void evaluatingCompiledFlagsDoesNotAllocate() {
        Assumptions.assumeTrue(ManagementFactory.getThreadMXBean() instanceof com.sun.management.ThreadMXBean,
                "needs a JVM with per-thread allocation counters (HotSpot)");
        var threads = (com.sun.management.ThreadMXBean) ManagementFactory.getThreadMXBean();
        Assumptions.assumeTrue(threads.isThreadAllocatedMemorySupported() && threads.isThreadAllocatedMemoryEnabled());

        Evaluator evaluator = new Evaluator();
        FeatureFlag staticFlag = flag("static", true, "falseId", List.of(), List.of(), fallthrough(null, true, all("trueId")), true);
        FeatureFlag threeRules = flag("complex", true, "falseId", List.of(),
                List.of(rule("r1", null, false, List.of(cond("country", "Equal", "fr")), all("trueId")),
                        rule("r2", null, false, List.of(cond("age", "BiggerThan", "60")), all("trueId")),
                        rule("r3", null, false, List.of(cond("plan", "IsOneOf", "[\"gold\",\"silver\"]")), all("trueId"))),
                fallthrough(null, true, range("trueId", 0, 0.3, 0.5), range("falseId", 0.3, 1, 0.5)), false);
        EndUser user = user("user-12345", "bob", "country", "us", "age", "30", "plan", "bronze");

        int n = 100_000;
        for (int i = 0; i < n; i++) { // compile, fill thread-locals, let the JIT settle
            evaluator.evaluate(staticFlag, user, SegmentLookup.NONE);
            evaluator.evaluate(threeRules, user, SegmentLookup.NONE);
        }
        long tid = Thread.currentThread().threadId();
        long before = threads.getThreadAllocatedBytes(tid);
        int served = 0;
        for (int i = 0; i < n; i++) {
            served += evaluator.evaluate(staticFlag, user, SegmentLookup.NONE).sendToExperiment() ? 1 : 0;
            served += evaluator.evaluate(threeRules, user, SegmentLookup.NONE).sendToExperiment() ? 1 : 0;
        }
        long allocated = threads.getThreadAllocatedBytes(tid) - before;
        assertThat(served).isPositive();
        assertThat(allocated).as("bytes allocated by %d evaluations", 2 * n).isLessThan(64 * 1024);
    }
}
