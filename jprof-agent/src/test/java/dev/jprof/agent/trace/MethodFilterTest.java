package dev.jprof.agent.trace;

import org.junit.jupiter.api.Test;

import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class MethodFilterTest {
    private static MethodFilter including(String... patterns) {
        List<MethodPattern> includes = new java.util.ArrayList<>();
        for (String p : patterns) includes.add(MethodPattern.parse(p));
        return new MethodFilter(includes, List.of());
    }

    @Test
    void jdkClassesOnlyWhenAnIncludeNamesThem() {
        assertThat(new MethodFilter(List.of(), List.of()).mayTrace("java.util.ArrayList", true)).isFalse();
        assertThat(including("**").mayTrace("java.util.ArrayList", true)).isFalse();
        assertThat(including("**").mayTrace("com.example.Foo", false)).isTrue();
        MethodFilter list = including("java.util.ArrayList::add", "com.example.**");
        assertThat(list.tracesJdk()).isTrue();
        assertThat(list.mayTrace("java.util.ArrayList", true)).isTrue();
        assertThat(list.mayTrace("java.util.HashMap", true)).isFalse();
        assertThat(list.traces("java.util.ArrayList", true, "add", AnnotationSet.NONE, AnnotationSet.NONE)).isTrue();
        assertThat(list.traces("java.util.ArrayList", true, "get", AnnotationSet.NONE, AnnotationSet.NONE)).isFalse();
        assertThat(including("com.example.**").tracesJdk()).isFalse();
    }

    @Test
    void aWildcardSkipsTheClassesTheTracerRunsOn() {
        MethodFilter util = including("java.util.*");
        assertThat(util.mayTrace("java.util.ArrayList", true)).isTrue();
        assertThat(util.mayTrace("java.util.Arrays", true)).isFalse();
        assertThat(including("java.**").mayTrace("java.lang.String", true)).isFalse();
        assertThat(including("java.util.concurrent.*").mayTrace("java.util.concurrent.ConcurrentLinkedQueue$Node", true)).isFalse();
    }

    @Test
    void namingAnUnsafeJdkClassIsRefusedInOneLine() {
        for (String unsafe : new String[] {"java.lang.String", "java.lang.*", "java.lang.invoke.**", "java.lang.reflect.Method::invoke",
                "java.util.Arrays", "jdk.internal.misc.Unsafe", "sun.misc.*"}) {
            assertThatThrownBy(() -> including(unsafe)).as(unsafe).isInstanceOf(IllegalArgumentException.class)
                    .hasMessageStartingWith("cannot trace '" + unsafe + "'").hasMessageNotContaining("\n");
        }
    }
}
