package dev.jprof.render.json;

import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

class JsonTextTest {
    @Test
    void escapesQuotesBackslashAndControlCharacters() {
        assertThat(JsonText.quote("a\"b\\c")).isEqualTo("\"a\\\"b\\\\c\"");
        assertThat(JsonText.quote("\n\r\t\b\f\u0001\u001f\u007f")).isEqualTo("\"\\n\\r\\t\\b\\f\\u0001\\u001f\\u007f\"");
    }

    @Test
    void escapesWhatCouldEndOrConfuseAScriptElement() {
        assertThat(JsonText.quote("</script><!--&>")).isEqualTo("\"\\u003c/script\\u003e\\u003c!--\\u0026\\u003e\"");
        assertThat(JsonText.quote("\u2028\u2029")).isEqualTo("\"\\u2028\\u2029\"");
    }

    @Test
    void keepsUnicodeButEscapesLoneSurrogates() {
        assertThat(JsonText.quote("é中😀")).isEqualTo("\"é中😀\"");
        assertThat(JsonText.quote("a\ud800b\udc00")).isEqualTo("\"a\\ud800b\\udc00\"");
        assertThat(JsonText.quote("")).isEqualTo("\"\"");
    }
}
