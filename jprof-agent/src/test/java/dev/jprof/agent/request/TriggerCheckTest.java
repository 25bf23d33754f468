package dev.jprof.agent.request;

import org.junit.jupiter.api.Test;

import java.nio.charset.StandardCharsets;

import static dev.jprof.agent.request.TriggerCheck.Verdict.EXPIRED;
import static dev.jprof.agent.request.TriggerCheck.Verdict.FORGED;
import static dev.jprof.agent.request.TriggerCheck.Verdict.PROFILE;
import static dev.jprof.agent.request.TriggerCheck.Verdict.REPLAYED;
import static org.assertj.core.api.Assertions.assertThat;

class TriggerCheckTest {
    private static final byte[] KEY = "0123456789abcdef0123456789abcdef".getBytes(StandardCharsets.US_ASCII);
    private static final long NOW = 1_800_000_000L;

    @Test
    void aRightSignatureIsProfiledOnce() {
        TriggerCheck check = new TriggerCheck(KEY);
        String header = TriggerSignature.sign(KEY, "GET", "/orders", NOW + 60, "n1");
        assertThat(check.check(header, "GET", "/orders", NOW)).isEqualTo(PROFILE);
        assertThat(check.check(header, "GET", "/orders", NOW + 1)).isEqualTo(REPLAYED);
        assertThat(check.replayed.get()).isEqualTo(1);
    }

    @Test
    void aSignatureForAnotherRequestOrKeyIsForged() {
        TriggerCheck check = new TriggerCheck(KEY);
        byte[] other = "another secret, not the user's..".getBytes(StandardCharsets.US_ASCII);
        assertThat(check.check(TriggerSignature.sign(other, "GET", "/orders", NOW + 60, "n1"), "GET", "/orders", NOW)).isEqualTo(FORGED);
        assertThat(check.check(TriggerSignature.sign(KEY, "GET", "/orders", NOW + 60, "n2"), "POST", "/orders", NOW)).isEqualTo(FORGED);
        assertThat(check.check(TriggerSignature.sign(KEY, "GET", "/orders", NOW + 60, "n3"), "GET", "/admin", NOW)).isEqualTo(FORGED);
        assertThat(check.check("v1:" + (NOW + 60) + ":n4:AAAA", "GET", "/orders", NOW)).isEqualTo(FORGED);
        assertThat(check.check("garbage", "GET", "/orders", NOW)).isEqualTo(FORGED);
        // valid for a day: too far ahead for a trigger that jprof signs for a minute
        assertThat(check.check(TriggerSignature.sign(KEY, "GET", "/orders", NOW + 86_400, "n5"), "GET", "/orders", NOW)).isEqualTo(FORGED);
        assertThat(check.forged.get()).isEqualTo(6);
    }

    @Test
    void anExpiredSignatureIsRefused() {
        TriggerCheck check = new TriggerCheck(KEY);
        assertThat(check.check(TriggerSignature.sign(KEY, "GET", "/orders", NOW - 1, "n1"), "GET", "/orders", NOW)).isEqualTo(EXPIRED);
        assertThat(check.expired.get()).isEqualTo(1);
    }

    @Test
    void nonceTableIsBounded() {
        TriggerCheck check = new TriggerCheck(KEY);
        for (int i = 0; i < TriggerCheck.MAX_NONCES; i++) {
            assertThat(check.check(TriggerSignature.sign(KEY, "GET", "/", NOW + 60, "n" + i), "GET", "/", NOW)).isEqualTo(PROFILE);
        }
        assertThat(check.check(TriggerSignature.sign(KEY, "GET", "/", NOW + 60, "last"), "GET", "/", NOW)).isEqualTo(REPLAYED);
        // once they expire, their room is free again
        assertThat(check.check(TriggerSignature.sign(KEY, "GET", "/", NOW + 200, "later"), "GET", "/", NOW + 61)).isEqualTo(PROFILE);
    }
}
