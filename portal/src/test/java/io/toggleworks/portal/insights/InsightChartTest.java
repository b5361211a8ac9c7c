package io.toggleworks.portal.insights;

import static org.assertj.core.api.Assertions.assertThat;

import io.toggleworks.portal.apiclient.FlagInsight;
import io.toggleworks.portal.apiclient.FlagInsight.VariationCount;
import java.time.Instant;
import java.util.List;
import org.junit.jupiter.api.Test;

class InsightChartTest {
    static final Instant FROM = Instant.parse("2026-06-01T00:00:00Z"), TO = Instant.parse("2026-06-07T12:00:00Z");

    @Test
    void dailyBucketsAreFilledSoGapsShowAndBarsStackInVariationOrder() {
        var chart = InsightChart.of(List.of(
                new FlagInsight("2026-06-02T00:00:00Z", List.of(new VariationCount("Off", 3), new VariationCount("On", 5))),
                new FlagInsight("2026-06-05T00:00:00", List.of(new VariationCount("On", 12)))), List.of("On", "Off"), InsightPeriod.Interval.DAY, FROM, TO);
        assertThat(chart.bars()).hasSize(7);
        assertThat(chart.total()).isEqualTo(20);
        assertThat(chart.max()).isEqualTo(12);
        assertThat(chart.series()).extracting(InsightChart.Series::name).containsExactly("On", "Off");
        var bar = chart.bars().get(1);
        assertThat(bar.label()).isEqualTo("Jun 2");
        assertThat(bar.segments()).extracting(InsightChart.Segment::series).containsExactly("On", "Off");
        // Stacked: the second segment sits right on top of the first.
        var on = bar.segments().get(0);
        var off = bar.segments().get(1);
        assertThat(off.y() + off.height()).isCloseTo(on.y(), org.assertj.core.data.Offset.offset(0.2));
        assertThat(on.y() + on.height()).isCloseTo(InsightChart.HEIGHT - InsightChart.BOTTOM, org.assertj.core.data.Offset.offset(0.2));
        assertThat(chart.bars().get(2).segments()).isEmpty();
        assertThat(chart.yTicks()).extracting(InsightChart.Tick::text).containsExactly("0", "3", "6", "9", "12");
    }

    @Test
    void unknownVariationsAndOddTimesDoNotBreakTheChart() {
        var chart = InsightChart.of(List.of(new FlagInsight("yesterday", List.of(new VariationCount("On", 1))),
                new FlagInsight("2026-06-03T00:00:00Z", List.of(new VariationCount("Removed", 2), new VariationCount(null, 1)))),
                List.of("On"), InsightPeriod.Interval.WEEK, FROM, TO);
        assertThat(chart.series()).extracting(InsightChart.Series::name).containsExactly("On", "Removed", "(unknown)");
        assertThat(chart.bars()).hasSize(1);
        assertThat(chart.total()).isEqualTo(3);
    }

    @Test
    void niceCeilingsGiveFourWholeSteps() {
        assertThat(InsightChart.niceCeiling(0)).isEqualTo(4);
        assertThat(InsightChart.niceCeiling(5)).isEqualTo(8);
        assertThat(InsightChart.niceCeiling(37)).isEqualTo(40);
        assertThat(InsightChart.niceCeiling(81)).isEqualTo(100);
        assertThat(InsightChart.niceCeiling(12)).isEqualTo(12);
        assertThat(InsightChart.niceCeiling(1234)).isEqualTo(1600);
        assertThat(InsightChart.niceCeiling(415)).isEqualTo(480);
        assertThat(InsightChart.compact(25_000)).isEqualTo("25k");
        assertThat(InsightChart.compact(1_500_000)).isEqualTo("1.5M");
    }

    @Test
    void hourlyLabelsShowTheDateAtMidnight() {
        assertThat(InsightChart.label(Instant.parse("2026-06-02T00:00:00Z"), InsightPeriod.Interval.HOUR)).isEqualTo("Jun 2");
        assertThat(InsightChart.label(Instant.parse("2026-06-02T13:00:00Z"), InsightPeriod.Interval.HOUR)).isEqualTo("13:00");
        assertThat(InsightPeriod.of("30d").interval("week")).isEqualTo(InsightPeriod.Interval.WEEK);
        assertThat(InsightPeriod.of("30d").interval("HOUR")).isEqualTo(InsightPeriod.Interval.DAY);
    }
}
