package dev.jprof.bench.accuracy;

import org.junit.jupiter.api.Test;

import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.within;

class DistanceTest {
    @Test
    void equalDistributionsAreAtZero() {
        assertThat(Distance.totalVariation(Map.of("a", 5.0, "b", 3.0, "c", 2.0), Map.of("a", 50.0, "b", 30.0, "c", 20.0)))
                .isCloseTo(0, within(1e-12));
    }

    @Test
    void halfTheSumOfAbsoluteDifferencesOfTheShares() {
        // shares 0.6/0.3/0.1 against 0.5/0.3/0.2: (0.1 + 0 + 0.1) / 2
        assertThat(Distance.totalVariation(Map.of("a", 60.0, "b", 30.0, "c", 10.0), Map.of("a", 0.5, "b", 0.3, "c", 0.2)))
                .isCloseTo(0.1, within(1e-12));
    }

    @Test
    void disjointDistributionsAreAtOne() {
        assertThat(Distance.totalVariation(Map.of("hotLoop", 0.0, "cheapCall", 120.0), Map.of("hotLoop", 99.0, "cheapCall", 0.0)))
                .isCloseTo(1, within(1e-12));
    }

    @Test
    void aCategoryMissingOnOneSideWeighsZeroThere() {
        assertThat(Distance.totalVariation(Map.of("a", 1.0), Map.of("a", 1.0, "other", 1.0))).isCloseTo(0.5, within(1e-12));
    }

    @Test
    void anEmptyProfileIsAtOne() {
        assertThat(Distance.totalVariation(Map.of("a", 0.0, "b", 0.0), Map.of("a", 1.0, "b", 1.0))).isEqualTo(1);
    }

    @Test
    void negativeWeightsAreRefused() {
        assertThatThrownBy(() -> Distance.totalVariation(Map.of("a", -1.0), Map.of("a", 1.0)))
                .isInstanceOf(IllegalArgumentException.class);
    }
}
