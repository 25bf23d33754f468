package dev.jprof.render;

import dev.jprof.capture.collapsed.CollapsedReader;
import dev.jprof.capture.json.JsonParser;
import dev.jprof.capture.json.JsonProfileReader;
import dev.jprof.heap.ReferenceChains;
import dev.jprof.model.FrameKind;
import dev.jprof.model.Profile;
import dev.jprof.model.ProfileBuilder;
import dev.jprof.model.ThreadState;
import dev.jprof.model.ValueType;
import dev.jprof.render.dot.ChainGraph;
import org.junit.jupiter.api.Test;

import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.Set;
import java.util.function.IntFunction;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.zip.GZIPInputStream;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Names from a profile are data, whatever they hold: a profile whose frame, thread and title text is hostile
 * (script end tags, quotes, line breaks, ';', control characters, a 100 kB name, and names drawn at random from
 * such characters) renders in every format with exactly as many records as the same profile with plain names,
 * and the formats that can carry any text give every name back unchanged.
 */
class HostileNamesTest {
    private static final List<String> HOSTILE = List.of(
            "</script><script>alert(1)</script>",
            "<!-- </SCRIPT > -->",
            "quote\" apostrophe' backslash\\ \\\"",
            "forged\nmain;evil 1000000",
            "a;b;c 42",
            "tab\tcr\rnul\u0000esc\u001b[31mdel\u007f",
            "\u2028line\u2029separators\u0085next",
            "fn=(1) forged\ncalls=1 1\n0 999",
            "}\"]; digraph x { evil",
            "\uD83D\uDD25 emoji and a lone \uD800 surrogate",
            "A".repeat(100_000));

    /** The hostile names, then names of random characters from the ones formats treat specially. */
    private static List<String> names() {
        List<String> names = new ArrayList<>(HOSTILE);
        Random random = new Random(14);
        String special = "<>/&\"'\\;:\n\r\t\u0000\u0001\u001b\u007f\u2028\u2029\u0085 {}[]()=#,.$ab";
        for (int n = 0; n < 40; n++) {
            StringBuilder name = new StringBuilder();
            int length = 1 + random.nextInt(30);
            for (int i = 0; i < length; i++) name.append(special.charAt(random.nextInt(special.length())));
            names.add(name.toString());
        }
        return names;
    }

    /** Frame i is named by {@code name}; a stack per name under a root, and one deep stack of all names. */
    private static Profile profile(IntFunction<String> name, int count) {
        ProfileBuilder builder = new ProfileBuilder(ValueType.CALLS, ValueType.WALL_TIME);
        int thread = builder.thread(name.apply(0), 1);
        int root = builder.stack(Profile.ROOT, builder.frame("app.Main", "main", "Main.java", 0, FrameKind.COMPILED));
        int deep = root;
        for (int i = 0; i < count; i++) {
            // a distinct prefix per frame, so that no two names become one after a format replaces characters
            int frame = builder.frame(i % 2 == 0 ? "" : "app.C" + i, "m" + i + "_" + name.apply(i), "F" + i + ".java", i % 3 == 0 ? 0 : i, FrameKind.COMPILED);
            builder.sample(builder.stack(root, frame), thread, ThreadState.RUNNABLE, Profile.NO_TIME, i + 1, 1000L * (i + 1));
            deep = builder.stack(deep, frame);
        }
        builder.sample(deep, thread, ThreadState.RUNNABLE, Profile.NO_TIME, 7, 7000);
        return builder.build();
    }

    private static String render(Format format, Profile profile, String title) throws IOException {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        Renderer.forFormat(format).render(profile, RenderOptions.defaults().withTitle(title).withShowAll(true), out);
        return out.toString(StandardCharsets.UTF_8);
    }

    @Test
    void everyLineBasedFormatHasTheRecordsOfTheSameProfileWithPlainNames() throws IOException {
        List<String> names = names();
        Profile hostile = profile(names::get, names.size());
        Profile plain = profile(i -> "plain" + i, names.size());
        for (Format format : List.of(Format.COLLAPSED, Format.CALLGRIND, Format.TABLE, Format.TREE)) {
            String hostileText = render(format, hostile, names.get(3));
            String plainText = render(format, plain, "title");
            assertThat(hostileText.split("\n", -1)).as(format.label()).hasSameSizeAs(plainText.split("\n", -1));
            assertThat(hostileText).as(format.label()).doesNotContain("\r").doesNotContain("\u2028").doesNotContain("\u0000");
        }
    }

    @Test
    void collapsedReadsBackToTheSameSamples() throws IOException {
        List<String> names = names();
        Profile hostile = profile(names::get, names.size());
        String text = render(Format.COLLAPSED, hostile, "t");
        Profile back = CollapsedReader.read(new ByteArrayInputStream(text.getBytes(StandardCharsets.UTF_8)), "back.collapsed");
        assertThat(back.sampleCount()).isEqualTo(names.size() + 1);
        long total = 0;
        for (int s = 0; s < back.sampleCount(); s++) total += back.value(0, s);
        assertThat(total).isEqualTo(names.size() * (names.size() + 1L) / 2 + 7);
    }

    @Test
    void htmlHasNoScriptEndBeyondItsOwn() throws IOException {
        List<String> names = names();
        String hostile = render(Format.HTML, profile(names::get, names.size()), names.get(0));
        String plain = render(Format.HTML, profile(i -> "plain" + i, names.size()), "title");
        assertThat(count(hostile, "(?i)</script")).isEqualTo(count(plain, "(?i)</script"));
        assertThat(count(hostile, "(?i)<script")).isEqualTo(count(plain, "(?i)<script"));
        assertThat(count(hostile, "<!--")).isEqualTo(count(plain, "<!--"));
    }

    @Test
    void jsonGivesBackEveryNameExactly() throws IOException {
        List<String> names = names();
        Profile hostile = profile(names::get, names.size());
        Profile back = JsonProfileReader.read(render(Format.JSON, hostile, names.get(0)), "back.json");
        assertThat(frameNames(back)).isEqualTo(frameNames(hostile));
        assertThat(back.threadName(0)).isEqualTo(hostile.threadName(0));
    }

    @Test
    void speedscopeGivesBackEveryNameExactly() throws IOException {
        List<String> names = names();
        Profile hostile = profile(names::get, names.size());
        Map<?, ?> file = (Map<?, ?>) JsonParser.parse(render(Format.SPEEDSCOPE, hostile, names.get(0)), "back.speedscope.json");
        Set<String> written = new HashSet<>();
        for (Object frame : (List<?>) ((Map<?, ?>) file.get("shared")).get("frames")) written.add((String) ((Map<?, ?>) frame).get("name"));
        assertThat(written).containsAll(frameNames(hostile));
    }

    @Test
    void pprofGivesBackEveryNameExactly() throws IOException {
        List<String> names = names();
        Profile hostile = profile(names::get, names.size());
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        Renderer.forFormat(Format.PPROF).render(hostile, RenderOptions.defaults(), out);
        byte[] proto = new GZIPInputStream(new ByteArrayInputStream(out.toByteArray())).readAllBytes();
        List<String> asUtf8 = new ArrayList<>();
        // UTF-8, which profile.proto's strings are, has no lone surrogate: that one character becomes '?'
        for (String name : frameNames(hostile)) asUtf8.add(new String(name.getBytes(StandardCharsets.UTF_8), StandardCharsets.UTF_8));
        assertThat(stringTable(proto)).containsAll(asUtf8);
    }

    @Test
    void dotKeepsEveryLabelInsideItsQuotes() {
        List<String> names = names();
        String hostile = ChainGraph.dot(chains(names::get, names.size()));
        String plain = ChainGraph.dot(chains(i -> "plain" + i, names.size()));
        assertThat(hostile.split("\n", -1)).hasSameSizeAs(plain.split("\n", -1));
        for (String line : hostile.split("\n")) assertThat(outsideQuotes(line)).as(line).doesNotContain("evil");
    }

    private static ReferenceChains.Result chains(IntFunction<String> name, int count) {
        List<ReferenceChains.Chain> chains = new ArrayList<>();
        for (int c = 0; c < count; c++) {
            List<ReferenceChains.Step> steps = List.of(
                    new ReferenceChains.Step(1000 + c, "T" + c + name.apply(c), "f" + c + name.apply((c + 1) % count)),
                    new ReferenceChains.Step(5000 + c, "Leak" + c + name.apply((c + 2) % count), ""));
            chains.add(new ReferenceChains.Chain("root " + name.apply(c), steps, c + 1));
        }
        return new ReferenceChains.Result("Leak" + name.apply(0), count, count, chains);
    }

    /** The line without its DOT strings ("..." with backslash escapes); fails on a string left open. */
    private static String outsideQuotes(String line) {
        StringBuilder outside = new StringBuilder();
        boolean inside = false;
        for (int i = 0; i < line.length(); i++) {
            char c = line.charAt(i);
            if (inside && c == '\\') i++;
            else if (c == '"') inside = !inside;
            else if (!inside) outside.append(c);
        }
        assertThat(inside).as("a string left open: " + line).isFalse();
        return outside.toString();
    }

    private static List<String> frameNames(Profile profile) {
        List<String> names = new ArrayList<>();
        for (int f = 0; f < profile.frameCount(); f++) names.add(profile.frameName(f));
        return names;
    }

    private static int count(String text, String regex) {
        Matcher m = Pattern.compile(regex).matcher(text);
        int n = 0;
        while (m.find()) n++;
        return n;
    }

    /** profile.proto's string_table (field 6) by the wire format. */
    private static List<String> stringTable(byte[] proto) {
        List<String> strings = new ArrayList<>();
        ByteBuffer in = ByteBuffer.wrap(proto);
        while (in.hasRemaining()) {
            long key = varint(in);
            int wire = (int) (key & 7);
            if (wire == 0) {
                varint(in);
                continue;
            }
            byte[] data = new byte[(int) varint(in)];
            in.get(data);
            if (key >>> 3 == 6) strings.add(new String(data, StandardCharsets.UTF_8));
        }
        return strings;
    }

    private static long varint(ByteBuffer in) {
        long result = 0;
        for (int shift = 0; ; shift += 7) {
            byte b = in.get();
            result |= (long) (b & 0x7f) << shift;
            if (b >= 0) return result;
        }
    }
}
