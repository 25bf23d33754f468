package dev.jprof.bench;

import org.junit.jupiter.api.Test;

import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class BenchOptionsTest {
    @Test
    void everySectionCanBeRunAlone() {
        for (String section : List.of("startup", "overhead", "accuracy", "convert", "viewer", "trace", "live", "heap", "request")) {
            assertThat(BenchMain.Options.parse(new String[] {"--only", section}).only).isEqualTo(section);
        }
        assertThatThrownBy(() -> BenchMain.Options.parse(new String[] {"--only", "everything"}))
                .isInstanceOf(BenchMain.UsageException.class).hasMessageContaining("live, heap or request");
    }

    @Test
    void quickSizesAreSmallerThanTheFullRunsAndOptionsAfterQuickWin() {
        BenchMain.Options full = BenchMain.Options.parse(new String[0]);
        BenchMain.Options quick = BenchMain.Options.parse(new String[] {"--quick", "--heap-sessions", "30000"});
        assertThat(quick.heapSessions).isEqualTo(30_000).isLessThan(full.heapSessions);
        assertThat(quick.jmhIterations).isLessThan(full.jmhIterations);
        assertThat(quick.traceRuns).isLessThan(full.traceRuns);
        assertThat(quick.attachRounds).isLessThanOrEqualTo(full.attachRounds);
        assertThat(quick.heapC2).isFalse();
        assertThat(full.heapC2).isTrue();
        assertThat(quick.requestRounds).isLessThan(full.requestRounds);
        assertThat(quick.requestCount).isLessThan(full.requestCount);
        BenchMain.Options request = BenchMain.Options.parse(new String[] {"--quick", "--request-rounds", "9", "--request-count", "1_000"});
        assertThat(request.requestRounds).isEqualTo(9);
        assertThat(request.requestCount).isEqualTo(1000);
    }

    @Test
    void jmhOptionsWarmUpForHalfTheMeasuredIterations() {
        BenchMain.Options o = BenchMain.Options.parse(new String[] {"--jmh-iterations", "6", "--jmh-time", "250"});
        assertThat(o.jmhOptions()).containsExactly("-wi", "3", "-w", "250ms", "-i", "6", "-r", "250ms");
        assertThat(BenchMain.Options.parse(new String[] {"--jmh-iterations", "1"}).jmhOptions()).contains("-wi", "1");
    }

    @Test
    void java25CanBeSwitchedOff() {
        assertThat(BenchMain.Options.parse(new String[] {"--java25", "none"}).java25).isNull();
        assertThat(BenchMain.Options.parse(new String[] {"--quick"}).java25).as("--quick leaves JDK 25 out").isNull();
        assertThatThrownBy(() -> BenchMain.Options.parse(new String[] {"--java25", "/nonexistent/java"}))
                .isInstanceOf(BenchMain.UsageException.class);
    }
}
