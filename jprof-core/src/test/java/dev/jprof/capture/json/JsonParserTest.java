package dev.jprof.capture.json;

import dev.jprof.capture.ProfileFormatException;
import org.junit.jupiter.api.Test;

import java.util.List;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class JsonParserTest {
    @Test
    @SuppressWarnings("unchecked")
    void valuesOfEveryKind() throws Exception {
        Object value = JsonParser.parse(" {\"a\":[1,-2,3],\"b\":[1,\"x\",null,true,false,2.5,-1e3],\"c\":{},\"d\":[],\"e\":\"\\u003c\\n\\\"\\/\"} ", "t");
        assertThat(value).isInstanceOf(Map.class);
        Map<?, ?> map = (Map<?, ?>) value;
        assertThat((long[]) map.get("a")).containsExactly(1, -2, 3);
        assertThat((List<Object>) map.get("b")).containsExactly(1L, "x", null, true, false, 2.5, -1000.0);
        assertThat((Map<?, ?>) map.get("c")).isEmpty();
        assertThat((List<Object>) map.get("d")).isEmpty();
        assertThat(map.get("e")).isEqualTo("<\n\"/");
        assertThat(JsonParser.parse("\"\\ud83d\\ude00\"", "t")).isEqualTo("😀");
        assertThat(JsonParser.parse("[9223372036854775807]", "t")).isEqualTo(new long[] {Long.MAX_VALUE});
    }

    @Test
    void errors() {
        assertThatThrownBy(() -> JsonParser.parse("[1,]", "t")).isInstanceOf(ProfileFormatException.class)
                .hasMessage("t line 1 column 4: unexpected character ']'");
        assertThatThrownBy(() -> JsonParser.parse("\"abc", "t")).hasMessage("t line 1 column 1: unterminated string");
        assertThatThrownBy(() -> JsonParser.parse("{\"a\" 1}", "t")).hasMessage("t line 1 column 6: expected ':'");
        assertThatThrownBy(() -> JsonParser.parse("[1 2]", "t")).hasMessage("t line 1 column 4: expected ',' or ']'");
        assertThatThrownBy(() -> JsonParser.parse("\"\\x\"", "t")).hasMessage("t line 1 column 3: bad escape '\\x'");
        assertThatThrownBy(() -> JsonParser.parse("nul", "t")).hasMessage("t line 1 column 1: unexpected text");
        assertThatThrownBy(() -> JsonParser.parse("", "t")).hasMessage("t line 1 column 1: unexpected end of input");
        assertThatThrownBy(() -> JsonParser.parse("-", "t")).hasMessage("t line 1 column 1: bad number '-'");
    }
}
