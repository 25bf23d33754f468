package dev.jprof.bench;

import org.junit.jupiter.api.Test;

import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.within;

class StatsTest {
    @Test
    void medianOfOddCountIsTheMiddleValue() {
        assertThat(Stats.median(List.of(3.0, 1.0, 2.0))).isEqualTo(2.0);
    }

    @Test
    void medianOfEvenCountIsTheMeanOfTheTwoMiddleValues() {
        assertThat(Stats.median(List.of(4.0, 1.0, 3.0, 10.0))).isEqualTo(3.5);
    }

    @Test
    void minAndMax() {
        List<Double> v = List.of(11.2, 9.8, 10.4);
        assertThat(Stats.min(v)).isEqualTo(9.8);
        assertThat(Stats.max(v)).isEqualTo(11.2);
    }

    @Test
    void ratioOfMedians() {
        assertThat(Stats.ratioOfMedians(List.of(11.0, 12.0, 13.0), List.of(10.0, 9.0, 11.0))).isCloseTo(1.2, within(1e-12));
    }

    @Test
    void pairedRatiosDivideRoundByRoundAndSkipFailedRuns() {
        List<Double> variant = List.of(11.0, Double.NaN, 9.0, 12.0);
        List<Double> baseline = List.of(10.0, 10.0, Double.NaN, 8.0);
        assertThat(Stats.pairedRatios(variant, baseline)).containsExactly(1.1, 1.5);
    }

    @Test
    void pairedRatiosMedianCancelsDriftThatTheRatioOfMediansDoesNot() {
        // the machine slows down round after round; every variant run is exactly 5% slower than its round's baseline
        List<Double> baseline = List.of(10.0, 12.0, 14.0, 16.0);
        List<Double> variant = baseline.stream().map(b -> b * 1.05).toList();
        assertThat(Stats.median(Stats.pairedRatios(variant, baseline))).isCloseTo(1.05, within(1e-12));
    }

    @Test
    void pairedListsMustHaveOneValuePerRound() {
        assertThatThrownBy(() -> Stats.pairedRatios(List.of(1.0), List.of(1.0, 2.0)))
                .isInstanceOf(IllegalArgumentException.class);
    }

    @Test
    void measuredDropsNaNAndStatisticsRefuseIt() {
        assertThat(Stats.measured(List.of(1.0, Double.NaN, 2.0))).containsExactly(1.0, 2.0);
        assertThatThrownBy(() -> Stats.median(List.of(1.0, Double.NaN))).isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> Stats.median(List.of())).isInstanceOf(IllegalArgumentException.class);
    }

    @Test
    void pairedDifferencesSubtractRoundByRound() {
        assertThat(Stats.pairedDifferences(List.of(1.5, 2.0, Double.NaN), List.of(1.0, 1.25, 1.0))).containsExactly(0.5, 0.75);
    }

    @Test
    void medianIntervalOfTwentyValuesIsTheSixthToFifteenthAt96Percent() {
        List<Double> v = new java.util.ArrayList<>();
        for (int i = 20; i >= 1; i--) v.add((double) i);
        double[] ci = Stats.medianInterval(v, 0.95);
        assertThat(ci[0]).isEqualTo(6.0);
        assertThat(ci[1]).isEqualTo(15.0);
        // 1 - 2 * (1 + 20 + 190 + 1140 + 4845 + 15504) / 2^20
        assertThat(ci[2]).isCloseTo(1 - 2 * 21700.0 / 1048576, within(1e-12));
    }

    @Test
    void medianIntervalOfFewValuesIsTheirRangeWithItsLowerCoverage() {
        double[] five = Stats.medianInterval(List.of(3.0, 1.0, 5.0, 2.0, 4.0), 0.95);
        assertThat(five).containsExactly(1.0, 5.0, 1 - 2.0 / 32);
        double[] twelve = Stats.medianInterval(List.of(1.0, 2.0, 3.0, 4.0, 5.0, 6.0, 7.0, 8.0, 9.0, 10.0, 11.0, 12.0), 0.95);
        assertThat(twelve[0]).isEqualTo(3.0);
        assertThat(twelve[1]).isEqualTo(10.0);
    }
}
