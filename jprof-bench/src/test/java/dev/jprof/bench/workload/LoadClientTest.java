package dev.jprof.bench.workload;

import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

class LoadClientTest {
    @Test
    void percentilesAreNearestRank() {
        long[] sorted = new long[100];
        for (int i = 0; i < 100; i++) sorted[i] = i + 1;
        assertThat(LoadClient.percentile(sorted, 0.50)).isEqualTo(50);
        assertThat(LoadClient.percentile(sorted, 0.99)).isEqualTo(99);
        assertThat(LoadClient.percentile(sorted, 1.0)).isEqualTo(100);
        assertThat(LoadClient.percentile(new long[] {7}, 0.99)).isEqualTo(7);
        assertThat(LoadClient.percentile(new long[] {1, 2, 3}, 0.5)).isEqualTo(2);
        assertThat(LoadClient.percentile(new long[] {1, 2, 3, 4}, 0.5)).isEqualTo(2);
    }
}
