package dev.jprof.heap;

import org.junit.jupiter.api.Test;

import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class ClassHistogramTest {
    static final String JDK17 = """
             num     #instances         #bytes  class name (module)
            -------------------------------------------------------
               1:          4523         419600  [B (java.base@17.0.15)
               2:          3401          81624  java.lang.String (java.base@17.0.15)
               3:           120          40000  [Ljava.lang.Object; (java.base@17.0.15)
               4:            50           1200  com.example.Session
            Total          8094         542424
            """;

    @Test
    void rowsWithJavaNamesLargestFirst() {
        ClassHistogram histogram = ClassHistogram.parse(JDK17, 0);
        assertThat(histogram.rows()).containsExactly(
                new ClassHistogram.Row("byte[]", 4523, 419600),
                new ClassHistogram.Row("java.lang.String", 3401, 81624),
                new ClassHistogram.Row("java.lang.Object[]", 120, 40000),
                new ClassHistogram.Row("com.example.Session", 50, 1200));
        assertThat(histogram.totalBytes()).isEqualTo(542424);
        assertThat(histogram.totalInstances()).isEqualTo(8094);
    }

    @Test
    void anErrorMessageIsNoHistogram() {
        assertThatThrownBy(() -> ClassHistogram.parse("java.lang.IllegalArgumentException: Unknown diagnostic command\n", 0))
                .isInstanceOf(IllegalArgumentException.class).hasMessage("not a class histogram: java.lang.IllegalArgumentException: Unknown diagnostic command");
    }

    @Test
    void growthAbovePeaksOnly() {
        HistogramGrowth growth = new HistogramGrowth();
        assertThat(growth.next(histogram(100, 50, 10))).isEmpty();
        assertThat(growth.next(histogram(200, 40, 10))).containsExactly(new HistogramGrowth.Row("Leak", 200, 100, 2000, 1000));
        // Stable went back up to its old peak: not growth; Leak grew again
        assertThat(growth.next(histogram(250, 50, 10))).containsExactly(new HistogramGrowth.Row("Leak", 250, 50, 2500, 500));
        assertThat(growth.next(histogram(250, 51, 0))).containsExactly(new HistogramGrowth.Row("Stable", 51, 1, 510, 10));
    }

    private static ClassHistogram histogram(long leak, long stable, long gone) {
        List<ClassHistogram.Row> rows = new java.util.ArrayList<>(List.of(new ClassHistogram.Row("Leak", leak, leak * 10),
                new ClassHistogram.Row("Stable", stable, stable * 10)));
        if (gone > 0) rows.add(new ClassHistogram.Row("Gone", gone, gone * 10));
        return new ClassHistogram(rows, 0);
    }

    @Test
    void typeNames() {
        assertThat(TypeNames.javaName("[[I")).isEqualTo("int[][]");
        assertThat(TypeNames.javaName("[Ljava/lang/String;")).isEqualTo("java.lang.String[]");
        assertThat(TypeNames.javaName("java/util/HashMap$Node")).isEqualTo("java.util.HashMap$Node");
    }
}
