package dev.jprof.transform;

import dev.jprof.capture.jfr.AllocationProfileReader;
import dev.jprof.capture.jfr.LockProfileReader;
import dev.jprof.model.FrameKind;
import dev.jprof.model.Profile;
import dev.jprof.model.ProfileBuilder;
import dev.jprof.model.ThreadState;
import dev.jprof.render.text.SiteGrowthTable;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class SiteGrowthTest {
    /** Bytes allocated as long[] in Cache.put line 10 and as String in Parser.parse line 20. */
    private static Profile allocations(long cacheBytes, long parserBytes) {
        ProfileBuilder b = new ProfileBuilder(AllocationProfileReader.BYTES, AllocationProfileReader.COUNT);
        int main = b.frame("app.Main", "main", "", 3, FrameKind.COMPILED);
        int put = b.frame("app.Cache", "put", "", 10, FrameKind.COMPILED);
        int parse = b.frame("app.Parser", "parse", "", 20, FrameKind.COMPILED);
        int longs = b.frame("", "long[]", "", 0, FrameKind.ALLOCATION);
        int strings = b.frame("", "java.lang.String", "", 0, FrameKind.ALLOCATION);
        if (cacheBytes > 0) b.sample(b.path(main, put, longs), Profile.NO_THREAD, ThreadState.RUNNABLE, Profile.NO_TIME, cacheBytes, 2);
        if (parserBytes > 0) b.sample(b.path(main, parse, strings), Profile.NO_THREAD, ThreadState.RUNNABLE, Profile.NO_TIME, parserBytes, 1);
        return b.build();
    }

    @Test
    void sitesSortedByTheSizeOfTheirChange() {
        SiteGrowth.Result result = SiteGrowth.compare(allocations(1000, 500), allocations(5000, 100), null, true);
        assertThat(result.value().name()).isEqualTo("bytes");
        assertThat(result.count().name()).isEqualTo("count");
        assertThat(result.rows()).containsExactly(
                new SiteGrowth.Row("app.Cache.put:10  long[]", 5000, 4000, 2, 0),
                new SiteGrowth.Row("app.Parser.parse:20  java.lang.String", 100, -400, 1, 0));
        String table = SiteGrowthTable.render(result, 0);
        assertThat(table).contains("+3.91 KiB").contains("-400 B").contains("app.Cache.put:10  long[]");
    }

    @Test
    void aLockSiteIsTheCodeThatTookTheLockNotTheJdksWaiting() {
        ProfileBuilder b = new ProfileBuilder(LockProfileReader.WAIT, LockProfileReader.COUNT);
        int main = b.frame("app.Main", "main", "", 3, FrameKind.COMPILED);
        int lock = b.frame("java.util.concurrent.locks.ReentrantLock", "lock", "", 322, FrameKind.COMPILED);
        int acquire = b.frame("java.util.concurrent.locks.AbstractQueuedSynchronizer", "acquire", "", 938, FrameKind.COMPILED);
        int park = b.frame("jdk.internal.misc.Unsafe", "park", "", 0, FrameKind.NATIVE);
        int sync = b.frame("", "java.util.concurrent.locks.ReentrantLock$NonfairSync", "", 0, FrameKind.LOCK);
        b.sample(b.path(main, lock, acquire, park, sync), Profile.NO_THREAD, ThreadState.WAITING, Profile.NO_TIME, 7_000_000, 2);
        Profile profile = b.build();
        SiteGrowth.Result result = SiteGrowth.compare(profile, profile, null, true);
        assertThat(result.count().name()).isEqualTo("count");
        assertThat(result.rows()).containsExactly(
                new SiteGrowth.Row("app.Main.main:3  java.util.concurrent.locks.ReentrantLock$NonfairSync", 7_000_000, 0, 2, 0));
    }

    @Test
    void aSiteThatIsNewOrGoneStillShows() {
        SiteGrowth.Result result = SiteGrowth.compare(allocations(0, 500), allocations(300, 0), null, false);
        assertThat(result.rows()).containsExactly(
                new SiteGrowth.Row("app.Parser.parse  java.lang.String", 0, -500, 0, -1),
                new SiteGrowth.Row("app.Cache.put  long[]", 300, 300, 2, 2));
    }

    @Test
    void profilesWithoutTheValueAreRefused() {
        ProfileBuilder b = new ProfileBuilder(dev.jprof.model.ValueType.SAMPLES);
        b.sample(b.path(b.frame("a", "b", "", 0, FrameKind.COMPILED)), Profile.NO_THREAD, ThreadState.RUNNABLE, Profile.NO_TIME, 1);
        assertThatThrownBy(() -> SiteGrowth.compare(b.build(), allocations(1, 1), null, false))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("older profile has no value bytes");
    }
}
