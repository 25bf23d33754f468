package dev.jprof.capture.jfr;

import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

class HiddenClassNamesTest {
    @Test
    void dropsAddressesAndLambdaCounters() {
        assertThat(HiddenClassNames.normalize("app.Demo$$Lambda$94/0x00007f6ce000eef0")).isEqualTo("app.Demo$$Lambda");
        assertThat(HiddenClassNames.normalize("app.Demo$$Lambda/0x000071a0c8001234")).isEqualTo("app.Demo$$Lambda");
        assertThat(HiddenClassNames.normalize("java.lang.invoke.LambdaForm$MH+0x00007f11b000eef0"))
                .isEqualTo("java.lang.invoke.LambdaForm$MH");
        assertThat(HiddenClassNames.normalize("java.lang.invoke.LambdaForm$MH.1422222071")).isEqualTo("java.lang.invoke.LambdaForm$MH");
    }

    @Test
    void leavesOrdinaryNamesAlone() {
        assertThat(HiddenClassNames.normalize("com.example.Foo$Bar")).isEqualTo("com.example.Foo$Bar");
        assertThat(HiddenClassNames.normalize("com.example.Hex0xCafe")).isEqualTo("com.example.Hex0xCafe");
    }
}
