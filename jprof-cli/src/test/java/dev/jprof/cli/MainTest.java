package dev.jprof.cli;

import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

class MainTest {
    @Test
    void buildsOnlyTheNamedCommandOrAllForHelpAndUnknownNames() {
        assertThat(Main.commandsFor(new String[] {"record", "--", "java"})).containsExactly(RecordCommand.class);
        assertThat(Main.commandsFor(new String[] {"compare", "a.jfr", "b.jfr"})).containsExactly(DiffCommand.class);
        assertThat(Main.commandsFor(new String[] {"help", "record"})).hasSizeGreaterThan(10);
        assertThat(Main.commandsFor(new String[] {"recrd"})).hasSizeGreaterThan(10);
        assertThat(Main.commandsFor(new String[0])).hasSizeGreaterThan(10);
    }

    @Test
    void aMisspeltCommandIsRefusedWithOneLine() {
        assertThat(Main.run("recrd")).isEqualTo(2);
    }
}
