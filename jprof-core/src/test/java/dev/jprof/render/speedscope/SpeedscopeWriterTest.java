package dev.jprof.render.speedscope;

import dev.jprof.capture.json.JsonParser;
import dev.jprof.fixture.ProfileFixture;
import dev.jprof.model.Profile;
import dev.jprof.model.ThreadState;
import dev.jprof.model.ValueType;
import dev.jprof.render.RenderOptions;
import org.junit.jupiter.api.Test;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;

import static dev.jprof.fixture.ProfileFixture.render;
import static org.assertj.core.api.Assertions.assertThat;

class SpeedscopeWriterTest {
    /** The parser gives arrays of integers as long[], other arrays as lists. */
    @SuppressWarnings("unchecked")
    private static long[] numbers(Object array) {
        if (array instanceof long[] longs) return longs;
        return ((List<Number>) array).stream().mapToLong(Number::longValue).toArray();
    }

    @Test
    @SuppressWarnings("unchecked")
    void oneSampledProfilePerThreadWithStacksRootFirst() throws Exception {
        Profile profile = new ProfileFixture(ValueType.SAMPLES, ValueType.WALL_TIME)
                .sample("main", ThreadState.RUNNABLE, 1_000, "app.Main.main;app.Main.work", 1, 10)
                .sample("main", ThreadState.RUNNABLE, 2_000, "app.Main.main", 1, 10)
                .sample("worker \"</script>\"", ThreadState.TIMED_WAITING, 1_500, "app.W.run;java.lang.Thread.sleep", 2, 20)
                .build();
        String json = render(new SpeedscopeWriter(), profile, RenderOptions.defaults().withValue("wall"));
        Map<String, Object> file = (Map<String, Object>) JsonParser.parse(json, "test");

        assertThat(file.get("$schema")).isEqualTo("https://www.speedscope.app/file-format-schema.json");
        List<Map<String, Object>> frames = (List<Map<String, Object>>) ((Map<String, Object>) file.get("shared")).get("frames");
        List<Map<String, Object>> profiles = (List<Map<String, Object>>) file.get("profiles");
        assertThat(profiles).hasSize(2);
        List<String> names = new ArrayList<>();
        for (Map<String, Object> p : profiles) names.add((String) p.get("name"));
        assertThat(names.get(0)).startsWith("main");
        assertThat(names.get(1)).startsWith("worker \"</script>\"");

        Map<String, Object> main = profiles.get(0);
        assertThat(main.get("unit")).isEqualTo("nanoseconds");
        List<Object> samples = (List<Object>) main.get("samples");
        List<String> first = new ArrayList<>();
        for (long f : numbers(samples.get(0))) first.add((String) frames.get((int) f).get("name"));
        assertThat(first).containsExactly("app.Main.main", "app.Main.work");
        assertThat(numbers(main.get("weights"))).containsExactly(10L, 10L);
        assertThat(((Number) main.get("endValue")).longValue()).isEqualTo(20L);
    }
}
