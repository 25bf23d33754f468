package dev.jprof.capture.request;

import dev.jprof.capture.ProfileFormatException;
import dev.jprof.model.Attributes;
import dev.jprof.model.Profile;
import dev.jprof.transform.CallStats;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class RequestResultsTest {
    @TempDir
    Path dir;

    private void write(String... lines) throws Exception {
        Files.writeString(dir.resolve(RequestResults.FILE), String.join("\n", lines) + "\n");
    }

    @Test
    void readsRunsStatementsCallsAndRefusals() throws Exception {
        write("jprof-requests\t1",
                "counter\tforged\t2", "counter\texpired\t1", "counter\treplayed\t0", "counter\tover-limit\t0",
                "method\t0\tcom.example.Api\thandle\t(Ljava/lang/Object;)V\tApi.java\t10",
                "method\t1\tcom.example.Dao\tfind\t()V\tDao.java\t20",
                "request\t0\tabc\tGET\t/orders\t31\tqtp-1\t1000\t9000\t8000\t6000\t4096",
                "sql\t0\t2\t3000\tSELECT * FROM t WHERE id = ?",
                "node\t0\t1\t0\t0\t1\t8000",
                "node\t0\t2\t1\t1\t2\t5000");
        RequestResults results = RequestResults.read(dir);
        assertThat(results.refused("forged")).isEqualTo(2);
        assertThat(results.refused("expired")).isEqualTo(1);
        assertThat(results.runs()).hasSize(1);
        RequestRun run = results.runs().get(0);
        assertThat(run.nonce()).isEqualTo("abc");
        assertThat(run.threadName()).isEqualTo("qtp-1");
        assertThat(run.offCpuNanos()).isEqualTo(2000);
        assertThat(run.statements()).containsExactly(new SqlStatement("SELECT * FROM t WHERE id = ?", 2, 3000));
        assertThat(run.samples()).isEmpty();

        Profile traced = RequestProfiles.traced(results, results.runs());
        CallStats stats = CallStats.of(traced);
        assertThat(stats.calls()).isEqualTo(3);
        assertThat(stats.rows()).filteredOn(r -> r.name().equals("com.example.Api.handle")).singleElement()
                .satisfies(r -> {
                    assertThat(r.selfNanos()).isEqualTo(3000);
                    assertThat(r.totalNanos()).isEqualTo(8000);
                });

        Profile all = RequestProfiles.of(results, List.of(results.runs()), List.of("request"), "t");
        assertThat(all.threadCount()).isEqualTo(3); // sampled (its off-cpu rest), traced, sql
        int wall = all.valueTypeIndex("wall");
        long sampledWall = 0;
        for (int s = 0; s < all.sampleCount(); s++) {
            if (all.threadName(all.sampleThread(s)).equals("request: sampled")) sampledWall += all.value(wall, s);
        }
        assertThat(sampledWall).as("no samples: the wall time off cpu").isEqualTo(2000);
    }

    @Test
    void readsWhetherARunWentAsync() throws Exception {
        write("jprof-requests\t1", "request\t0\ta\tGET\t/a\t1\tt\t1\t2\t1\t1\t1\t-1\t\tasync", "request\t1\tb\tGET\t/b\t1\tt\t1\t2\t1\t1\t1\t200\t\t");
        RequestResults results = RequestResults.read(dir);
        assertThat(results.runs()).extracting(RequestRun::async).containsExactly(true, false);
        Profile async = RequestProfiles.ofRequest(results, results.runs().get(0));
        assertThat(async.attribute(Attributes.REQUEST_ASYNC)).isEqualTo("true");
        assertThat(async.attribute(Attributes.TITLE)).startsWith("GET /a (went async, no status, ");
        assertThat(RequestProfiles.ofRequest(results, results.runs().get(1)).attribute(Attributes.REQUEST_ASYNC)).isNull();
    }

    @Test
    void refusesWhatIsNotItsFormat() throws Exception {
        write("something else");
        assertThatThrownBy(() -> RequestResults.read(dir)).isInstanceOf(ProfileFormatException.class).hasMessageContaining("not a jprof request results file");
        write("jprof-requests\t1", "request\t0\tonly a few fields");
        assertThatThrownBy(() -> RequestResults.read(dir)).isInstanceOf(ProfileFormatException.class).hasMessageContaining("malformed");
        write("jprof-requests\t1", "request\t0\tn\tGET\t/\t1\tt\t1\t2\t1\t1\t1", "sampling\tjfr-cpu-time\t1000000\t../../etc/passwd");
        assertThatThrownBy(() -> RequestResults.read(dir)).isInstanceOf(ProfileFormatException.class).hasMessageContaining("outside");
    }
}
