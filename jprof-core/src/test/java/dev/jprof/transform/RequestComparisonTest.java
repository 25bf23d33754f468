package dev.jprof.transform;

import dev.jprof.capture.request.RequestProfiles;
import dev.jprof.capture.request.RequestResults;
import dev.jprof.capture.request.RequestRun;
import dev.jprof.capture.request.SampledStack;
import dev.jprof.capture.request.SqlStatement;
import dev.jprof.capture.request.TracedCall;
import dev.jprof.capture.request.TracedMethod;
import dev.jprof.model.FrameKind;
import dev.jprof.model.Profile;
import dev.jprof.model.ThreadState;
import dev.jprof.render.text.RequestComparisonTable;
import org.junit.jupiter.api.Test;

import java.util.List;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;

class RequestComparisonTest {
    private static Profile request(long daoNanos, long daoCalls, long selects) {
        SampledStack.Frame api = new SampledStack.Frame("com.example.Api", "handle", 1, FrameKind.COMPILED);
        SampledStack.Frame dao = new SampledStack.Frame("com.example.Dao", "find", 2, FrameKind.COMPILED);
        List<SampledStack> samples = List.of(new SampledStack(List.of(api), ThreadState.RUNNABLE, 100_000_000L, null),
                new SampledStack(List.of(api, dao), ThreadState.RUNNABLE, daoNanos, null));
        List<TracedCall> calls = List.of(new TracedCall(1, 0, 0, 1, 500_000_000L), new TracedCall(2, 1, 1, daoCalls, 400_000_000L));
        List<SqlStatement> sql = List.of(new SqlStatement("SELECT * FROM t WHERE id = ?", selects, selects * 1_000_000L));
        RequestRun run = new RequestRun(0, "n", "GET", "/orders", 1, "w", 0, 1, 600_000_000L, 100_000_000L + daoNanos, 1024, sql, calls, samples, 200, "id=?", false);
        RequestResults results = new RequestResults(List.of(run), Map.of(), "jfr-cpu-time", 1_000_000,
                Map.of(0, new TracedMethod("com.example.Api", "handle", "Api.java", 1), 1, new TracedMethod("com.example.Dao", "find", "Dao.java", 2)));
        return RequestProfiles.ofRequest(results, run);
    }

    @Test
    void showsMethodsTimesAndCallsAndStatementsSideBySide() throws Exception {
        RequestComparison.Result result = RequestComparison.compare(request(200_000_000L, 2, 2), request(500_000_000L, 5, 7));
        RequestComparison.MethodRow first = result.methods().get(0);
        assertThat(first.method()).isEqualTo("com.example.Dao.find");
        assertThat(first.selfBefore()).isEqualTo(200_000_000L);
        assertThat(first.selfAfter()).isEqualTo(500_000_000L);
        assertThat(first.callsBefore()).isEqualTo(2);
        assertThat(first.callsAfter()).isEqualTo(5);
        assertThat(result.methods()).anyMatch(r -> r.method().equals("com.example.Api.handle") && r.change() == 0 && r.callsAfter() == 1);
        assertThat(result.statements()).containsExactly(new RequestComparison.SqlRow("SELECT * FROM t WHERE id = ?", 2, 7, 2_000_000L, 7_000_000L));

        String text = RequestComparisonTable.render(result, "a.json", "b.json", 0);
        assertThat(text).contains("GET /orders?id=?", "+300.00 ms", "SELECT * FROM t WHERE id = ?");
        assertThat(text.lines().filter(l -> l.endsWith("com.example.Dao.find")).findFirst().orElseThrow())
                .matches("\\s*200.00 ms\\s+500.00 ms\\s+\\+300.00 ms\\s+2\\s+5\\s+com.example.Dao.find");
    }

    @Test
    void tellsRequestProfilesFromOthers() {
        assertThat(RequestComparison.isRequest(request(1, 1, 1))).isTrue();
        assertThat(RequestComparison.isRequest(request(1, 1, 1).annotate(Map.of("mode", "cpu"), List.of()))).isFalse();
    }
}
