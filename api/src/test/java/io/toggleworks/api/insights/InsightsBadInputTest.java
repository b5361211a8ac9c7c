package io.toggleworks.api.insights;

import io.toggleworks.api.flags.FlagFixtures;
import io.toggleworks.api.testing.ApiClient;
import io.toggleworks.api.testing.ApiTestBase;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;

import java.util.UUID;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The insight routes refuse bad input with a 400 naming the parameter before the DAS is asked; the shared test API
 * has no DAS ({@code OLAP__ServiceHost} is FeatBit's default {@code http://da-server}), so a valid request is a 503.
 */
@Tag("mongodb")
class InsightsBadInputTest extends ApiTestBase {
    static ApiClient org;
    static UUID env;

    @BeforeAll
    static void arrange() {
        org = newOrganization();
        env = envId(newProject(org), "dev");
        FlagFixtures.create(org, env, "f").ok();
    }

    private static void assertError(ApiClient.Response r, int status, String code) {
        assertThat(r.status()).as(r.toString()).isEqualTo(status);
        assertThat(r.success()).isFalse();
        assertThat(r.body().path("errors").get(0).asString()).isEqualTo(code);
    }

    @Test
    void insightsNeedAFlagAnIntervalAndAWindow() {
        String base = "envs/" + env + "/feature-flags/insights?";
        assertError(org.get(base + "intervalType=DAY&from=1717200000000&to=1717286400000"), 400, "featureFlagKey_is_required");
        assertError(org.get(base + "featureFlagKey=f&from=1717200000000&to=1717286400000"), 400, "intervalType_is_required");
        assertError(org.get(base + "featureFlagKey=f&intervalType=YEAR&from=1717200000000"), 400, "intervalType_is_invalid");
        assertError(org.get(base + "featureFlagKey=f&intervalType=DAY"), 400, "from_is_required");
        assertError(org.get(base + "featureFlagKey=f&intervalType=DAY&from=abc"), 400, "from_is_invalid");
        assertError(org.get(base + "featureFlagKey=f&intervalType=DAY&from=-5"), 400, "from_is_invalid");
        assertError(org.get(base + "featureFlagKey=f&intervalType=DAY&from=1717286400000&to=1717200000000"), 400, "to_is_invalid");
        assertError(org.get(base + "featureFlagKey=f&intervalType=DAY&from=1717200000000&timezone=Mars/Base"), 400, "timezone_is_invalid");
        assertError(org.get(base + "featureFlagKey=nope&intervalType=DAY&from=1717200000000"), 404, "ResourceNotFound");
        assertError(org.get("envs/" + UUID.randomUUID() + "/feature-flags/insights?featureFlagKey=f&intervalType=DAY&from=1"),
                404, "ResourceNotFound");
    }

    @Test
    void endUsersByFlagNeedAFlagAndAWindow() {
        String base = "envs/" + env + "/end-users/get-by-featureflag?";
        assertError(org.get(base + "from=1717200000000"), 400, "featureFlagKey_is_required");
        assertError(org.get(base + "featureFlagKey=f"), 400, "from_is_required");
        assertError(org.get(base + "featureFlagKey=f&from=1717200000000&pageSize=0"), 400, "pageSize_is_invalid");
        assertError(org.get(base + "featureFlagKey=f&from=1717200000000&pageIndex=-1"), 400, "pageIndex_is_invalid");
        assertError(org.get(base + "featureFlagKey=nope&from=1717200000000"), 404, "ResourceNotFound");
    }

    @Test
    void withoutADasAValidRequestIsUnavailableNotAServerError() {
        assertError(org.get("envs/" + env + "/feature-flags/insights?featureFlagKey=f&intervalType=DAY&from=1717200000000"),
                503, OlapClient.UNAVAILABLE);
        assertError(org.get("envs/" + env + "/end-users/get-by-featureflag?featureFlagKey=f&from=1717200000000"),
                503, OlapClient.UNAVAILABLE);
    }
}
