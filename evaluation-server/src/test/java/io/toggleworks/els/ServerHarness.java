package io.toggleworks.els;

import io.toggleworks.core.secret.ConnectionToken;
import io.toggleworks.els.config.ElsConfig;
import io.toggleworks.els.support.FakeMessageQueue;
import io.toggleworks.els.support.TestDatabase;
import io.toggleworks.spi.config.ProviderConfig;
import io.toggleworks.spi.store.EvaluationStore;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.util.HashMap;
import java.util.Map;

/** Starts an Evaluation Server on port 0 over a test database (store found by ServiceLoader) and a fake queue. */
final class ServerHarness implements AutoCloseable {
    static final HttpClient HTTP = HttpClient.newHttpClient();
    final FakeMessageQueue queue;
    final EvaluationServer server;

    ServerHarness(TestDatabase db, FakeMessageQueue queue, Map<String, String> settings) throws InterruptedException {
        this(ElsConfigs.of(db, settings), queue, null);
    }

    ServerHarness(ElsConfig config, FakeMessageQueue queue, EvaluationStore store) throws InterruptedException {
        this.queue = queue;
        this.server = new EvaluationServer(config, store != null ? store : EvaluationServerLauncher.store(config), queue).start();
    }

    int port() {
        return server.port();
    }

    static String token(String secret) {
        return ConnectionToken.encode(secret, System.currentTimeMillis());
    }

    HttpResponse<String> get(String path, String authorization) {
        HttpRequest.Builder b = HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port() + path)).GET();
        if (authorization != null) {
            b.header("Authorization", authorization);
        }
        return send(b.build());
    }

    HttpResponse<String> post(String path, String authorization, String body) {
        HttpRequest.Builder b = HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port() + path))
                .header("Content-Type", "application/json").POST(HttpRequest.BodyPublishers.ofString(body));
        if (authorization != null) {
            b.header("Authorization", authorization);
        }
        return send(b.build());
    }

    static HttpResponse<String> send(HttpRequest r) {
        try {
            return HTTP.send(r, HttpResponse.BodyHandlers.ofString());
        } catch (Exception e) {
            throw new IllegalStateException(e);
        }
    }

    @Override
    public void close() {
        server.close();
    }

    static final class ElsConfigs {
        static ElsConfig of(TestDatabase db, Map<String, String> settings) {
            Map<String, String> all = new HashMap<>();
            all.put("Els__Port", "0");
            all.put("Els__Host", "127.0.0.1");
            all.put("Els__IoThreads", "2");
            all.put("DbProvider", "Postgres");
            all.put("MqProvider", "Fake");
            all.put("Postgres__ConnectionString", db.npgsqlConnectionString());
            all.put("Streaming__ResyncIntervalSeconds", "3600"); // tests call resync() themselves
            all.putAll(settings);
            return ElsConfig.from(ProviderConfig.of(all));
        }
    }
}
