package io.toggleworks.els;

import com.google.common.collect.ImmutableList;
import com.google.common.collect.ImmutableMap;
import dev.openfeature.contrib.providers.ofrep.OfrepProvider;
import dev.openfeature.contrib.providers.ofrep.OfrepProviderOptions;
import dev.openfeature.sdk.Client;
import dev.openfeature.sdk.ErrorCode;
import dev.openfeature.sdk.EvaluationContext;
import dev.openfeature.sdk.FlagEvaluationDetails;
import dev.openfeature.sdk.ImmutableContext;
import dev.openfeature.sdk.OpenFeatureAPI;
import dev.openfeature.sdk.Value;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The official OpenFeature Java SDK with its OFREP provider, unmodified, against our Evaluation Server: how a Java
 * service uses Toggleworks without a FeatBit SDK (ADR 0044).
 */
class OfrepJavaProviderTest {
    static OfrepFixture f;
    static OpenFeatureAPI api;
    static Client client;

    @BeforeAll
    static void start() throws Exception {
        f = new OfrepFixture();
        OfrepProvider provider = OfrepProvider.constructProvider(OfrepProviderOptions.builder()
                .baseUrl(f.baseUrl())
                .requestTimeout(Duration.ofSeconds(30))
                .headers(ImmutableMap.of("Authorization", ImmutableList.of("Bearer " + f.env.serverSecret())))
                .build());
        api = OpenFeatureAPI.getInstance();
        api.setProviderAndWait("toggleworks-els-test", provider);
        client = api.getClient("toggleworks-els-test");
    }

    @AfterAll
    static void stop() {
        if (api != null) {
            api.shutdown();
        }
        if (f != null) {
            f.close();
        }
    }

    private static EvaluationContext user(String key, Map<String, Value> attributes) {
        return new ImmutableContext(key, attributes);
    }

    @Test
    void booleanFlagTargetedAndDefault() {
        FlagEvaluationDetails<Boolean> vip = client.getBooleanDetails("bool-flag", false, user("vip", Map.of()));
        assertThat(vip.getValue()).isTrue();
        assertThat(vip.getReason()).isEqualTo("TARGETING_MATCH");
        assertThat(vip.getVariant()).isEqualTo("on");
        assertThat(vip.getErrorCode()).isNull();

        FlagEvaluationDetails<Boolean> bob = client.getBooleanDetails("bool-flag", true, user("bob", Map.of()));
        assertThat(bob.getValue()).isFalse();
        assertThat(bob.getReason()).isEqualTo("DEFAULT");
        assertThat(bob.getVariant()).isEqualTo("off");
    }

    @Test
    void stringNumberAndObjectFlags() {
        FlagEvaluationDetails<String> split = client.getStringDetails("string-split", "fallback", user("bob", Map.of()));
        assertThat(split.getValue()).isIn("alpha", "beta");
        assertThat(split.getReason()).isEqualTo("SPLIT");
        assertThat(split.getVariant()).isIn("a", "b");

        FlagEvaluationDetails<Integer> integer = client.getIntegerDetails("number-static", -1, user("bob", Map.of()));
        assertThat(integer.getValue()).isEqualTo(42);
        assertThat(integer.getReason()).isEqualTo("STATIC");
        assertThat(integer.getVariant()).isEqualTo("n");

        FlagEvaluationDetails<Double> french = client.getDoubleDetails("double-rule", -1.0, user("bob", Map.of("country", new Value("fr"))));
        assertThat(french.getValue()).isEqualTo(1.5);
        assertThat(french.getReason()).isEqualTo("TARGETING_MATCH");
        assertThat(french.getVariant()).isEqualTo("m");

        FlagEvaluationDetails<Value> json = client.getObjectDetails("json-flag", new Value("fallback"), user("bob", Map.of()));
        assertThat(json.getErrorCode()).isNull();
        assertThat(json.getValue().isStructure()).isTrue();
        assertThat(json.getValue().asStructure().getValue("color").asString()).isEqualTo("red");
        assertThat(json.getValue().asStructure().getValue("size").asDouble()).isEqualTo(3.0);
        assertThat(json.getVariant()).isEqualTo("j");

        FlagEvaluationDetails<Boolean> disabled = client.getBooleanDetails("disabled-flag", true, user("bob", Map.of()));
        assertThat(disabled.getValue()).isFalse();
        assertThat(disabled.getReason()).isEqualTo("DISABLED");
    }

    @Test
    void unknownFlagGivesTheDefaultWithFlagNotFound() {
        FlagEvaluationDetails<Boolean> missing = client.getBooleanDetails("no-such-flag", true, user("bob", Map.of()));
        assertThat(missing.getValue()).isTrue();
        assertThat(missing.getErrorCode()).isEqualTo(ErrorCode.FLAG_NOT_FOUND);
        assertThat(missing.getReason()).isEqualTo("ERROR");

        FlagEvaluationDetails<String> archived = client.getStringDetails("archived-flag", "fallback", user("bob", Map.of()));
        assertThat(archived.getValue()).isEqualTo("fallback");
        assertThat(archived.getErrorCode()).isEqualTo(ErrorCode.FLAG_NOT_FOUND);
    }

    @Test
    void wrongTypeAndMissingTargetingKeyAreErrors() {
        FlagEvaluationDetails<String> wrongType = client.getStringDetails("bool-flag", "fallback", user("bob", Map.of()));
        assertThat(wrongType.getValue()).isEqualTo("fallback");
        assertThat(wrongType.getErrorCode()).isEqualTo(ErrorCode.TYPE_MISMATCH);

        FlagEvaluationDetails<Boolean> noKey = client.getBooleanDetails("bool-flag", true, new ImmutableContext(Map.of("country", new Value("fr"))));
        assertThat(noKey.getValue()).isTrue();
        // We answer 400 {errorCode: TARGETING_KEY_MISSING} (OfrepTest); provider 0.0.2 reports every 400 as INVALID_CONTEXT.
        assertThat(noKey.getErrorCode()).isIn(ErrorCode.TARGETING_KEY_MISSING, ErrorCode.INVALID_CONTEXT);
    }
}
