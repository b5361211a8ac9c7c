package io.toggleworks.els;

import io.toggleworks.core.json.Json;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Assumptions;
import tools.jackson.databind.JsonNode;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The official OpenFeature OFREP providers from npm, unmodified, against our Evaluation Server (ADR 0044):
 * {@code @openfeature/ofrep-provider} (server SDK, single evaluation) and {@code @openfeature/ofrep-web-provider}
 * (web SDK, bulk evaluation). Needs Node.js 20+ and {@code npm ci} in {@code src/test/node}: skipped when they are
 * missing, failing with {@code CI=true}.
 */
class OfrepNodeProviderTest {
    static final Path DIR = Path.of("src/test/node").toAbsolutePath();
    static OfrepFixture f;
    static String missing;

    @BeforeAll
    static void start() throws Exception {
        missing = missingPrerequisite();
        if (missing == null) {
            f = new OfrepFixture();
        }
    }

    /** Per test, so a missing prerequisite shows as skipped tests, not as none run. */
    @BeforeEach
    void requireNode() {
        if (missing != null) {
            String message = missing + ". Install Node.js 20+ and run `npm ci` in " + DIR + " (the OFREP client tests need them).";
            if ("true".equalsIgnoreCase(System.getenv("CI"))) {
                throw new IllegalStateException(message);
            }
            System.err.println("[ofrep] skipped: " + message);
            Assumptions.abort(message);
        }
    }

    @AfterAll
    static void stop() {
        if (f != null) {
            f.close();
        }
    }

    static String missingPrerequisite() {
        String problem = null;
        try {
            Process p = new ProcessBuilder(node(), "--version").redirectErrorStream(true).start();
            p.getInputStream().readAllBytes();
            if (!p.waitFor(60, TimeUnit.SECONDS) || p.exitValue() != 0) {
                problem = "`node --version` failed";
            }
        } catch (IOException e) {
            problem = "Node.js is not installed (" + e.getMessage() + ")";
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            problem = "interrupted";
        }
        if (problem == null) {
            for (String pkg : List.of("@openfeature/ofrep-provider", "@openfeature/server-sdk", "@openfeature/ofrep-web-provider", "@openfeature/web-sdk")) {
                if (!Files.isRegularFile(DIR.resolve("node_modules").resolve(pkg).resolve("package.json"))) {
                    problem = "npm package " + pkg + " is not installed in " + DIR.resolve("node_modules");
                }
            }
        }
        return problem;
    }

    private static String node() {
        return System.getenv().getOrDefault("NODE", "node");
    }

    private static JsonNode run(String script, String secret) throws Exception {
        ProcessBuilder pb = new ProcessBuilder(node(), DIR.resolve(script).toString()).directory(DIR.toFile());
        pb.environment().put("ELS_URL", f.baseUrl());
        pb.environment().put("ELS_SECRET", secret);
        Process p = pb.start();
        CompletableFuture<String> err = CompletableFuture.supplyAsync(() -> {
            try {
                return new String(p.getErrorStream().readAllBytes(), StandardCharsets.UTF_8);
            } catch (IOException e) {
                return e.toString();
            }
        });
        String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8).trim();
        if (!p.waitFor(120, TimeUnit.SECONDS)) {
            p.destroyForcibly();
            throw new AssertionError(script + " did not finish");
        }
        assertThat(p.exitValue()).as(script + " stderr: " + err.get(10, TimeUnit.SECONDS) + "\nstdout: " + out).isZero();
        String last = out.substring(out.lastIndexOf('\n') + 1);
        return Json.tree(last);
    }

    @Test
    void serverProviderEvaluatesEachFlagRemotely() throws Exception {
        JsonNode r = run("ofrep-server.js", f.env.serverSecret());
        assertThat(r.get("boolTargeted").get("value").booleanValue()).isTrue();
        assertThat(r.get("boolTargeted").get("reason").stringValue()).isEqualTo("TARGETING_MATCH");
        assertThat(r.get("boolTargeted").get("variant").stringValue()).isEqualTo("on");
        assertThat(r.get("boolDefault").get("value").booleanValue()).isFalse();
        assertThat(r.get("boolDefault").get("reason").stringValue()).isEqualTo("DEFAULT");
        assertThat(r.get("string").get("value").stringValue()).isIn("alpha", "beta");
        assertThat(r.get("string").get("reason").stringValue()).isEqualTo("SPLIT");
        assertThat(r.get("numberStatic").get("value").intValue()).isEqualTo(42);
        assertThat(r.get("numberStatic").get("reason").stringValue()).isEqualTo("STATIC");
        assertThat(r.get("numberRule").get("value").doubleValue()).isEqualTo(1.5);
        assertThat(r.get("numberRule").get("reason").stringValue()).isEqualTo("TARGETING_MATCH");
        assertThat(r.get("object").get("value").get("color").stringValue()).isEqualTo("red");
        assertThat(r.get("object").get("variant").stringValue()).isEqualTo("j");
        assertThat(r.get("disabled").get("value").booleanValue()).isFalse();
        assertThat(r.get("disabled").get("reason").stringValue()).isEqualTo("DISABLED");
        assertThat(r.get("missing").get("value").booleanValue()).isTrue();
        assertThat(r.get("missing").get("errorCode").stringValue()).isEqualTo("FLAG_NOT_FOUND");
        assertThat(r.get("wrongType").get("value").stringValue()).isEqualTo("fallback");
        assertThat(r.get("wrongType").get("errorCode").stringValue()).isEqualTo("TYPE_MISMATCH");
    }

    @Test
    void webProviderEvaluatesInBulkAndRefetchesOnContextChange() throws Exception {
        JsonNode r = run("ofrep-web.js", f.env.clientSecret());
        assertThat(r.get("bool").get("value").booleanValue()).isTrue();
        assertThat(r.get("bool").get("reason").stringValue()).isEqualTo("TARGETING_MATCH");
        assertThat(r.get("bool").get("variant").stringValue()).isEqualTo("on");
        assertThat(r.get("numberRule").get("value").doubleValue()).isEqualTo(1.5);
        assertThat(r.get("object").get("value").get("size").intValue()).isEqualTo(3);
        assertThat(r.get("missing").get("value").booleanValue()).isTrue();
        assertThat(r.get("missing").get("errorCode").stringValue()).isEqualTo("FLAG_NOT_FOUND");
        assertThat(r.get("afterContextChange").get("bool").get("value").booleanValue()).isFalse();
        assertThat(r.get("afterContextChange").get("bool").get("reason").stringValue()).isEqualTo("DEFAULT");
        assertThat(r.get("afterContextChange").get("numberRule").get("value").intValue()).isEqualTo(42);
    }
}
