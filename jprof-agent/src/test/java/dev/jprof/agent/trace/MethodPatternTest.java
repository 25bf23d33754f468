package dev.jprof.agent.trace;

import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class MethodPatternTest {
    private static boolean matches(String pattern, String cls, String method) {
        return MethodPattern.parse(pattern).matches(cls, method, AnnotationSet.NONE, AnnotationSet.NONE);
    }

    @Test
    void packageWildcards() {
        assertThat(matches("com.example.*", "com.example.Foo", "run")).isTrue();
        assertThat(matches("com.example.*", "com.example.sub.Foo", "run")).isFalse();
        assertThat(matches("com.example.**", "com.example.sub.Foo", "run")).isTrue();
        assertThat(matches("com.example.**", "com.examples.Foo", "run")).isFalse();
    }

    @Test
    void classesAndMethods() {
        assertThat(matches("com.example.Foo", "com.example.Foo", "run")).isTrue();
        assertThat(matches("com.example.Foo", "com.example.Foo$Inner", "run")).isTrue();
        assertThat(matches("com.example.Foo", "com.example.FooBar", "run")).isFalse();
        assertThat(matches("com.example.Foo::run", "com.example.Foo", "run")).isTrue();
        assertThat(matches("com.example.Foo::run", "com.example.Foo", "walk")).isFalse();
        assertThat(matches("com.example.*::get*", "com.example.Foo", "getName")).isTrue();
        assertThat(matches("com.*.Foo", "com.example.Foo", "x")).isTrue();
    }

    @Test
    void annotations() {
        AnnotationSet set = new AnnotationSet();
        set.add("Lcom/example/Traced;");
        assertThat(MethodPattern.parse("@Traced").matches("a.B", "m", AnnotationSet.NONE, set)).isTrue();
        assertThat(MethodPattern.parse("@com.example.Traced").matches("a.B", "m", set, AnnotationSet.NONE)).isTrue();
        assertThat(MethodPattern.parse("@other.Traced").matches("a.B", "m", set, set)).isFalse();
    }

    @Test
    void malformedPatternsSayWhy() {
        for (String bad : new String[] {"", "com..x", "a::", "::m", "@", "com.example.***", "a b", "x::m::n"}) {
            assertThatThrownBy(() -> MethodPattern.parse(bad)).as(bad).isInstanceOf(IllegalArgumentException.class)
                    .hasMessageContaining("pattern");
        }
    }

    @Test
    void unknownClockAndOptions() {
        assertThatThrownBy(() -> TraceOptions.parse("trace=sundial")).hasMessage("unknown clock 'sundial' (expected wall, cpu or none)");
        assertThat(TraceOptions.parse("trace=cpu,include=a.*;b.C::m,file=/tmp/a,b.trace").clock()).isEqualTo(Clock.CPU);
    }
}
