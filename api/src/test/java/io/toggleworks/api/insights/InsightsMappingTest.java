package io.toggleworks.api.insights;

import io.toggleworks.core.flag.Variation;
import org.junit.jupiter.api.Test;

import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;

class InsightsMappingTest {
    private static final List<Variation> VARIATIONS = List.of(new Variation("id-t", "On", "true"), new Variation("id-f", "Off", "false"));

    @Test
    void everyVariationAppearsInEveryBucketByNameWithZeroWhenUnseen() {
        List<InsightsMapping.InsightsVm> vm = InsightsMapping.insights(List.of(
                new OlapClient.DasBucket("2024-06-01T00:00:00Z", List.of(new OlapClient.DasVariation("id-f", 3))),
                new OlapClient.DasBucket("2024-06-02T00:00:00Z", List.of()),
                new OlapClient.DasBucket("2024-06-03T00:00:00Z", List.of(new OlapClient.DasVariation("gone", 2),
                        new OlapClient.DasVariation("id-t", 1)))), VARIATIONS);

        assertThat(vm).containsExactly(
                new InsightsMapping.InsightsVm("2024-06-01T00:00:00Z", List.of(new InsightsMapping.VariationCount("On", 0),
                        new InsightsMapping.VariationCount("Off", 3))),
                new InsightsMapping.InsightsVm("2024-06-02T00:00:00Z", List.of(new InsightsMapping.VariationCount("On", 0),
                        new InsightsMapping.VariationCount("Off", 0))),
                new InsightsMapping.InsightsVm("2024-06-03T00:00:00Z", List.of(new InsightsMapping.VariationCount("On", 1),
                        new InsightsMapping.VariationCount("Off", 0), new InsightsMapping.VariationCount("gone", 2))));
    }

    @Test
    void endUsersShowTheVariationName() {
        assertThat(InsightsMapping.endUser(new OlapClient.DasEndUser("id-t", "u1", "U", "2024-06-01T00:00:00Z"), VARIATIONS))
                .isEqualTo(new InsightsMapping.FlagEndUserVm("On", "u1", "U", "2024-06-01T00:00:00Z"));
        assertThat(InsightsMapping.endUser(new OlapClient.DasEndUser("gone", "u1", "U", "2024-06-01T00:00:00Z"), VARIATIONS).variation())
                .isEqualTo("gone");
    }
}
