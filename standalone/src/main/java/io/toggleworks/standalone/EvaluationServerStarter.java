package io.toggleworks.standalone;

import io.toggleworks.els.EvaluationServer;
import io.toggleworks.els.EvaluationServerLauncher;
import io.toggleworks.els.config.ElsConfig;
import io.toggleworks.spi.config.ProviderConfig;

import java.util.HashMap;
import java.util.Map;

/** Starts the Evaluation Server (Netty) in this JVM with the standalone's shared settings. */
final class EvaluationServerStarter {
    private EvaluationServerStarter() {
    }

    static AutoCloseable start(Map<String, Object> settings, int port) throws InterruptedException {
        Map<String, String> raw = new HashMap<>();
        settings.forEach((k, v) -> raw.put(k, String.valueOf(v)));
        raw.put("Els:Port", String.valueOf(port));
        // Start from the process environment so operators can still tune the ELS with its own variables.
        ProviderConfig config = ProviderConfig.fromEnvironment().with(raw);
        EvaluationServer server = EvaluationServerLauncher.create(ElsConfig.from(config)).start();
        return server;
    }
}
