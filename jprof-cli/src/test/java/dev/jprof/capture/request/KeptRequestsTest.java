package dev.jprof.capture.request;

import dev.jprof.capture.ProfileFiles;
import dev.jprof.model.Attributes;
import dev.jprof.model.Profile;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;

class KeptRequestsTest {
    @TempDir
    Path dir;

    private static Profile request(long startMillis, String url) {
        RequestRun run = new RequestRun(0, "slow-1", "POST", url.contains("?") ? url.substring(0, url.indexOf('?')) : url, 1, "w",
                startMillis * 1_000_000, startMillis * 1_000_000 + 1, 700_000_000L, 1, 1, List.of(), List.of(), List.of(), 201,
                url.contains("?") ? url.substring(url.indexOf('?') + 1) : "", false);
        return RequestProfiles.ofRequest(new RequestResults(List.of(run), Map.of(), null, 0, Map.of()), run);
    }

    @Test
    void namesFilesByStartMethodAndPathAndKeepsTheNewestWithinTheCount() throws Exception {
        Files.writeString(dir.resolve("mine.json"), "{}");
        KeptRequests kept = new KeptRequests(dir, 2, 1 << 20);
        Path first = kept.keep(request(1_780_000_000_000L, "/api/cart?id=?"));
        assertThat(first.getFileName().toString()).isEqualTo("20260528-202640.000-POST-api_cart.json");
        Path second = kept.keep(request(1_780_000_000_000L, "/api/cart"));
        assertThat(second.getFileName().toString()).isEqualTo("20260528-202640.000-POST-api_cart-2.json");
        Path third = kept.keep(request(1_780_000_001_000L, "/../etc/passwd"));
        assertThat(third.getParent()).isEqualTo(dir);
        assertThat(kept.files()).containsExactly(second, third);
        assertThat(dir.resolve("mine.json")).exists();
        Profile back = ProfileFiles.read(second);
        assertThat(back.attribute(Attributes.REQUEST_URL)).isEqualTo("/api/cart");
        assertThat(back.attribute(Attributes.REQUEST_STATUS)).isEqualTo("201");
    }

    @Test
    void removesTheOldestBeyondTheSizeButKeepsTheNewest() throws Exception {
        Path one = new KeptRequests(dir, 100, Long.MAX_VALUE).keep(request(1_780_000_000_000L, "/a"));
        KeptRequests kept = new KeptRequests(dir, 100, Files.size(one) * 5 / 2);
        kept.keep(request(1_780_000_001_000L, "/a"));
        Path newest = kept.keep(request(1_780_000_002_000L, "/a"));
        assertThat(kept.files()).hasSize(2).endsWith(newest).doesNotContain(one);
        Path alone = new KeptRequests(dir, 100, 1).keep(request(1_780_000_003_000L, "/a"));
        assertThat(kept.files()).containsExactly(alone);
    }
}
