package dev.jprof.agent.wall;

import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

class StackTextTest {
    @Test
    void oneLinePerFrameLeafFirst() {
        StackTraceElement[] frames = {
                new StackTraceElement("java.lang.Thread", "sleep", null, -2),
                new StackTraceElement("com.example.Main", "main", "Main.java", 12),
        };
        assertThat(StackText.format(frames, 10)).isEqualTo("java.lang.Thread\tsleep\t\t0\ncom.example.Main\tmain\tMain.java\t12");
        assertThat(StackText.format(frames, 1)).isEqualTo("java.lang.Thread\tsleep\t\t0");
        assertThat(StackText.format(new StackTraceElement[0], 10)).isEmpty();
    }
}
