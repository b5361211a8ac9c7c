package io.toggleworks.standalone;

import java.util.Map;

/** Starts the Evaluation Server in this JVM. */
final class EvaluationServerStarter {
    private EvaluationServerStarter() {
    }

    static AutoCloseable start(Map<String, Object> settings, int port) {
        // Wired once the evaluation-server module exposes its launcher.
        return () -> { };
    }
}
