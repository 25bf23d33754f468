package dev.jprof.bench;

import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

class RequestBenchTest {
    @Test
    void readsTheLoadClientsPhaseLines() {
        LoadPhase p = LoadPhase.parse("load /hello 40000 4.000000 250000 3100000 200");
        assertThat(p).isEqualTo(new LoadPhase("/hello", 40000, 4.0, 250_000, 3_100_000, 200));
        assertThat(p.requestsPerSecond()).isEqualTo(10_000.0);
        assertThat(p.cpuMicrosPerRequest()).isEqualTo(50.0);
        assertThat(LoadPhase.parse("pair /work 5000000 4000000")).isNull();
        assertThat(LoadPhase.parse("load /hello many 4.0 1 2 3")).isNull();
        assertThat(LoadPhase.parse("SLF4J(W): No SLF4J providers were found.")).isNull();
    }

    @Test
    void readsTheProfiledPairs() {
        assertThat(ProfiledPair.parse("pair /work 5000000 4000000")).isEqualTo(new ProfiledPair("/work", 5_000_000, 4_000_000));
        assertThat(ProfiledPair.parse("load /hello 1 1.0 1 1 1")).isNull();
        assertThat(ProfiledPair.parse("pair /work fast 4000000")).isNull();
    }

    @Test
    void readsTheAgentsRequestLinesOnly() {
        String line = "request\t0\tab12\tGET\t/work\t31\tqtp-1\t1700000000000000000\t1700000000004000000\t4000000\t3900000\t1024\t200\t";
        assertThat(ProfiledRun.parse(line)).isEqualTo(new ProfiledRun("/work", 4_000_000));
        assertThat(ProfiledRun.parse("counter\tforged\t0")).isNull();
        assertThat(ProfiledRun.parse("node\t0\t1\t0\t3\t1\t5000")).isNull();
    }

    @Test
    void keptCountIsTheLastSummaryLine() {
        assertThat(RequestBench.keptCount("jprof: keeping the profiles of requests slower than 1.00 ms in kept\n"
                + "jprof: kept GET /work  200  3.10 ms (cpu 2.90 ms) -> kept/a.json\njprof: 192 slow requests kept; 20 profiles in kept\n"))
                .isEqualTo(192);
        assertThat(RequestBench.keptCount("jprof: 1 slow request kept; 1 profile in kept\n")).isEqualTo(1);
        assertThat(RequestBench.keptCount("jprof: 0 slow requests kept; 0 profiles in kept\n")).isZero();
        assertThat(RequestBench.keptCount("the server died\n")).isEqualTo(-1);
    }
}
