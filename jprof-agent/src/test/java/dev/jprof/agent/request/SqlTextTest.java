package dev.jprof.agent.request;

import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

class SqlTextTest {
    @Test
    void literalValuesBecomePlaceholders() {
        assertThat(SqlText.elide("SELECT name FROM items WHERE id = 4242 AND name = 'O''Brien'"))
                .isEqualTo("SELECT name FROM items WHERE id = ? AND name = ?");
        assertThat(SqlText.elide("UPDATE t SET price = -12.50, qty = qty + 3 WHERE code IN ('a', 'b')"))
                .isEqualTo("UPDATE t SET price = ?, qty = qty + ? WHERE code IN (?, ?)");
        assertThat(SqlText.elide("INSERT INTO t VALUES (1e5, 0x1F)")).isEqualTo("INSERT INTO t VALUES (?, ?)");
    }

    @Test
    void identifiersPlaceholdersAndQuotedNamesStay() {
        assertThat(SqlText.elide("SELECT t1.col_2, \"Order 66\" FROM t1 WHERE a = ?  \n AND b > ?"))
                .isEqualTo("SELECT t1.col_2, \"Order 66\" FROM t1 WHERE a = ? AND b > ?");
        assertThat(SqlText.elide("SELECT a-1 FROM t")).isEqualTo("SELECT a-? FROM t");
    }

    @Test
    void anUnterminatedStringIsElidedToTheEnd() {
        assertThat(SqlText.elide("SELECT * FROM t WHERE name = 'secret")).isEqualTo("SELECT * FROM t WHERE name = ?");
        assertThat(SqlText.elide(null)).isEqualTo("[unknown statement]");
    }

    @Test
    void longStatementsAreCut() {
        assertThat(SqlText.elide("SELECT " + "a, ".repeat(2000) + "b FROM t")).hasSize(SqlText.MAX_LENGTH);
    }
}
