package io.toggleworks.benchmarks;

import io.toggleworks.core.flag.FeatureFlag;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

class FixturesTest {
    private final Fixtures fixtures = Fixtures.load();

    @Test
    void holdsFiftyFlagsTwoSegmentsAndPowerOfTwoUsers() {
        assertThat(fixtures.allFlags()).hasSize(50);
        assertThat(fixtures.segments()).hasSize(2);
        assertThat(fixtures.users()).hasSize(1024);
    }

    @Test
    void scenarioFlagsHaveTheShapesTheBenchmarksClaim() {
        FeatureFlag staticFlag = fixtures.flag(Fixtures.STATIC_FLAG);
        assertThat(staticFlag.isEnabled()).isTrue();
        assertThat(staticFlag.targetUsers()).isEmpty();
        assertThat(staticFlag.rules()).isEmpty();
        assertThat(staticFlag.fallthrough().variations()).singleElement()
                .satisfies(v -> assertThat(v.rollout()).containsExactly(0.0, 1.0));

        FeatureFlag threeRules = fixtures.flag(Fixtures.THREE_RULES_FLAG);
        assertThat(threeRules.rules()).hasSize(3);
        assertThat(threeRules.fallthrough().variations()).hasSize(2);

        FeatureFlag segmentFlag = fixtures.flag(Fixtures.SEGMENT_FLAG);
        assertThat(segmentFlag.rules()).singleElement()
                .satisfies(r -> assertThat(r.conditions().getFirst().isSegmentCondition()).isTrue());
        assertThat(fixtures.users()[0].customizedProperties()).hasSize(6);
    }
}
