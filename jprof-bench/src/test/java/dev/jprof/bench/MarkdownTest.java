package dev.jprof.bench;

import org.junit.jupiter.api.Test;

import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;

class MarkdownTest {
    @Test
    void replacesOnlyTheMarkedSection() {
        String doc = "# B\n\nintro\n\n<!-- overhead:begin -->\nold table\n<!-- overhead:end -->\n\nafter\n";
        String out = Markdown.replaceSection(doc, "overhead", "new table");
        assertThat(out).isEqualTo("# B\n\nintro\n\n<!-- overhead:begin -->\nnew table\n<!-- overhead:end -->\n\nafter\n");
    }

    @Test
    void leavesOtherSectionsAlone() {
        String doc = "<!-- overhead:begin -->\na\n<!-- overhead:end -->\n<!-- convert:begin -->\nb\n<!-- convert:end -->\n";
        String out = Markdown.replaceSection(doc, "convert", "c\n");
        assertThat(out).isEqualTo("<!-- overhead:begin -->\na\n<!-- overhead:end -->\n<!-- convert:begin -->\nc\n<!-- convert:end -->\n");
    }

    @Test
    void appendsTheSectionWhenTheMarkersAreMissing() {
        String out = Markdown.replaceSection("# B\nintro", "convert", "x");
        assertThat(out).isEqualTo("# B\nintro\n\n<!-- convert:begin -->\nx\n<!-- convert:end -->\n");
    }

    @Test
    void tableRightAlignsNumbersAndEscapesPipes() {
        String t = Markdown.table(List.of("variant", "wall s"), List.of(List.of("a|b", "1.00")));
        assertThat(t).isEqualTo("| variant | wall s |\n| --- | ---: |\n| a\\|b | 1.00 |\n");
    }

    @Test
    void formatsRatiosAndPercentages() {
        assertThat(Markdown.ratio(1.0434)).isEqualTo("1.043×");
        assertThat(Markdown.percent(1.0434)).isEqualTo("+4.3%");
        assertThat(Markdown.percent(0.98)).isEqualTo("-2.0%");
        assertThat(Markdown.count(1234567.4)).isEqualTo("1,234,567");
    }

    @Test
    void findsTheLastTableInAProgramsOutput() {
        String output = "# JMH chatter\n| a | b |\n|---|---|\n| 1 | 2 |\n\nBenchmark Mode\n| x | y |\n|---|---|\n| 3 | 4 |\n\n";
        assertThat(Markdown.lastTable(output)).isEqualTo("| x | y |\n|---|---|\n| 3 | 4 |\n");
        assertThat(Markdown.lastTable("no table here\n")).isEmpty();
    }
}
