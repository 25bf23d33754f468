package dev.jprof.agent;

import dev.jprof.agent.jfr.EventSettings;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class AgentOptionsTest {
    @Test
    void defaults() {
        AgentOptions o = AgentOptions.parse(null);
        assertThat(o.mode()).isEqualTo("cpu");
        assertThat(o.wall()).isFalse();
        assertThat(o.intervalNanos()).isEqualTo(10_000_000);
        assertThat(o.flushNanos()).isEqualTo(1_000_000_000);
        assertThat(o.engine()).isEqualTo(AgentOptions.Engine.AUTO);
        assertThat(o.recording()).isTrue();
        assertThat(o.stackFetch()).isEqualTo(AgentOptions.StackFetch.AUTO);
        assertThat(o.file(42)).isEqualTo("jprof-42.jfr");
        assertThat(AgentOptions.parse("  ").mode()).isEqualTo("cpu");
    }

    @Test
    void everyOption() {
        AgentOptions o = AgentOptions.parse("mode=wall,interval=5000000,flush=2s,engine=cpu-time,recording=none,"
                + "stacks=dump,stats=true,file=/tmp/out/%p.jfr");
        assertThat(o.wall()).isTrue();
        assertThat(o.intervalNanos()).isEqualTo(5_000_000);
        assertThat(o.flushNanos()).isEqualTo(2_000_000_000);
        assertThat(o.engine()).isEqualTo(AgentOptions.Engine.CPU_TIME);
        assertThat(o.recording()).isFalse();
        assertThat(o.stackFetch()).isEqualTo(AgentOptions.StackFetch.DUMP);
        assertThat(o.stats()).isTrue();
        assertThat(o.file(7)).isEqualTo("/tmp/out/7.jfr");
    }

    @Test
    void timesTakeUnits() {
        assertThat(AgentOptions.parse("interval=250us").intervalNanos()).isEqualTo(250_000);
        assertThat(AgentOptions.parse("interval=20ms").intervalNanos()).isEqualTo(20_000_000);
        assertThat(AgentOptions.parse("interval=10000000ns").intervalNanos()).isEqualTo(10_000_000);
        assertThat(AgentOptions.parse("interval=1s,flush=1m").flushNanos()).isEqualTo(60_000_000_000L);
    }

    @Test
    void allocationsCanBeSampledBesideThreads() {
        AgentOptions both = AgentOptions.parse("mode=wall+alloc");
        assertThat(both.wall()).isTrue();
        assertThat(both.threads()).isTrue();
        assertThat(both.allocations()).isTrue();
        assertThat(both.locks()).isFalse();
        assertThat(both.threadMode()).isEqualTo("wall");
        assertThat(AgentOptions.parse("mode=cpu+alloc").threadMode()).isEqualTo("cpu");
        AgentOptions alloc = AgentOptions.parse("mode=alloc");
        assertThat(alloc.threads()).isFalse();
        assertThat(alloc.allocations()).isTrue();
        assertThatThrownBy(() -> AgentOptions.parse("mode=cpu+wall")).hasMessageContaining("cpu and wall do not go together");
    }

    @Test
    void lockWaitsAloneOrBesideTheOthersInTheirOrder() {
        AgentOptions lock = AgentOptions.parse("mode=lock");
        assertThat(lock.locks()).isTrue();
        assertThat(lock.threads()).isFalse();
        assertThat(lock.allocations()).isFalse();
        assertThat(lock.lockThresholdNanos()).isEqualTo(EventSettings.DEFAULT_LOCK_THRESHOLD_NANOS);
        AgentOptions all = AgentOptions.parse("mode=lock+alloc+CPU,lockThreshold=1ms");
        assertThat(all.mode()).isEqualTo("cpu+alloc+lock");
        assertThat(all.threads() && all.allocations() && all.locks()).isTrue();
        assertThat(all.lockThresholdNanos()).isEqualTo(1_000_000);
        assertThat(AgentOptions.parse("mode=wall+lock").mode()).isEqualTo("wall+lock");
        assertThatThrownBy(() -> AgentOptions.parse("mode=lock+")).hasMessageContaining("unknown mode 'lock+'");
    }

    @Test
    void lastFileMayHoldCommas() {
        assertThat(AgentOptions.parse("mode=wall,file=/tmp/a,b/%p.jfr").file(1)).isEqualTo("/tmp/a,b/1.jfr");
        assertThat(AgentOptions.parse("file=/tmp/x.jfr,mode=wall").wall()).isTrue();
    }

    @Test
    void badOptionsSayWhatIsWrong() {
        assertThatThrownBy(() -> AgentOptions.parse("mode=fast")).hasMessageContaining("unknown mode 'fast'");
        assertThatThrownBy(() -> AgentOptions.parse("bogus=1")).hasMessageContaining("unknown option 'bogus'");
        assertThatThrownBy(() -> AgentOptions.parse("wall")).hasMessageContaining("bad option 'wall'");
        assertThatThrownBy(() -> AgentOptions.parse("interval=50us")).hasMessageContaining("at least 100us");
        assertThatThrownBy(() -> AgentOptions.parse("interval=ten")).hasMessageContaining("interval must be a time");
        assertThatThrownBy(() -> AgentOptions.parse("interval=10parsecs")).hasMessageContaining("unknown unit");
        assertThatThrownBy(() -> AgentOptions.parse("interval=99999999999999999999")).hasMessageContaining("too large");
        assertThatThrownBy(() -> AgentOptions.parse("interval=2s,flush=1s")).hasMessageContaining("must not be shorter");
        assertThatThrownBy(() -> AgentOptions.parse("engine=perf")).hasMessageContaining("unknown engine");
        assertThatThrownBy(() -> AgentOptions.parse("recording=maybe")).hasMessageContaining("unknown recording");
        assertThatThrownBy(() -> AgentOptions.parse("file=")).hasMessageContaining("file must not be empty");
    }
}
