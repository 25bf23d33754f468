package dev.jprof.capture.collapsed;

import dev.jprof.capture.ProfileFormatException;
import dev.jprof.model.FrameKind;
import dev.jprof.model.Profile;
import dev.jprof.model.ProfileBuilder;
import dev.jprof.model.ThreadState;
import dev.jprof.model.ValueType;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.Map;

/**
 * Reads Brendan Gregg's folded stacks ("root;...;leaf count" per line), as written by
 * stackcollapse scripts, async-profiler, py-spy and jprof. Frames like {@code com.example.Foo.bar}
 * become class and method, a {@code :42} suffix the line, async-profiler's {@code _[j]} {@code _[i]}
 * {@code _[0]} {@code _[1]} {@code _[k]} annotations the frame kind, and {@code [name]} frames
 * synthetic ones; anything else is kept whole as the method.
 */
public final class CollapsedReader {
    private final String source;
    private final ProfileBuilder builder = new ProfileBuilder(ValueType.SAMPLES);
    private final Map<String, Integer> frames = new HashMap<>();

    private CollapsedReader(String source) {
        this.source = source;
    }

    public static Profile read(Path file) throws IOException {
        if (!Files.isRegularFile(file)) throw new NoSuchFileException(file.toString(), null, "no such file");
        try (InputStream in = Files.newInputStream(file)) {
            return read(in, file.toString());
        }
    }

    /** @param source name of the input for error messages, for example the file name */
    public static Profile read(InputStream in, String source) throws IOException {
        BufferedReader lines = new BufferedReader(new InputStreamReader(in, StandardCharsets.UTF_8.newDecoder()
                .onMalformedInput(CodingErrorAction.REPORT).onUnmappableCharacter(CodingErrorAction.REPORT)));
        return new CollapsedReader(source).read(lines);
    }

    private Profile read(BufferedReader lines) throws IOException {
        int number = 0;
        try {
            for (String line = lines.readLine(); line != null; line = lines.readLine()) {
                number++;
                line(line, number);
            }
        } catch (CharacterCodingException e) {
            throw new ProfileFormatException(source + " line " + (number + 1) + ": not text (binary data)"
                    + ", expected folded stacks 'frame;frame;... count'");
        }
        if (builder.sampleCount() == 0) throw new ProfileFormatException(source + ": no samples");
        return builder.build();
    }

    private void line(String text, int number) throws ProfileFormatException {
        String line = text.strip();
        if (line.isEmpty()) return;
        if (line.indexOf('\0') >= 0) {
            throw new ProfileFormatException(source + " line " + number + ": not text (binary data)"
                    + ", expected folded stacks 'frame;frame;... count'");
        }
        int space = line.lastIndexOf(' ');
        int tab = line.lastIndexOf('\t');
        int split = Math.max(space, tab);
        long count = split < 0 ? -1 : count(line.substring(split + 1));
        String stackText = split < 0 ? "" : line.substring(0, split).strip();
        if (count < 0 || stackText.isEmpty()) {
            throw new ProfileFormatException(source + " line " + number + ": expected 'frame;frame;... count'");
        }
        if (count == 0) return;
        int stack = Profile.ROOT;
        int start = 0;
        while (start <= stackText.length()) {
            int end = stackText.indexOf(';', start);
            if (end < 0) end = stackText.length();
            if (end > start) stack = builder.stack(stack, frame(stackText.substring(start, end)));
            start = end + 1;
        }
        if (stack == Profile.ROOT) {
            throw new ProfileFormatException(source + " line " + number + ": expected 'frame;frame;... count'");
        }
        builder.sample(stack, Profile.NO_THREAD, ThreadState.UNKNOWN, Profile.NO_TIME, count);
    }

    /** The count, or -1 when the text is not a whole non-negative number. */
    private static long count(String text) {
        if (text.isEmpty() || text.length() > 18) return -1;
        for (int i = 0; i < text.length(); i++) {
            if (text.charAt(i) < '0' || text.charAt(i) > '9') return -1;
        }
        return Long.parseLong(text);
    }

    private int frame(String text) {
        Integer id = frames.get(text);
        if (id == null) {
            id = parse(text);
            frames.put(text, id);
        }
        return id;
    }

    private int parse(String text) {
        String name = text;
        FrameKind kind = FrameKind.UNKNOWN;
        if (name.length() > 4 && name.startsWith("_[", name.length() - 4) && name.endsWith("]")) {
            FrameKind annotated = annotation(name.charAt(name.length() - 2));
            if (annotated != null) {
                kind = annotated;
                name = name.substring(0, name.length() - 4);
            }
        }
        if (name.startsWith("[") && name.endsWith("]")) {
            return builder.frame("", name, "", 0, FrameKind.SYNTHETIC);
        }
        int line = 0;
        int colon = name.lastIndexOf(':');
        if (colon > 0 && colon < name.length() - 1 && name.charAt(colon - 1) != ':' && digits(name, colon + 1)
                && name.length() - colon - 1 <= 9) {
            line = Integer.parseInt(name.substring(colon + 1));
            name = name.substring(0, colon);
        }
        int dot = javaMethodDot(name);
        if (dot < 0) return builder.frame("", name, "", line, kind);
        return builder.frame(name.substring(0, dot), name.substring(dot + 1), "", line, kind);
    }

    private static FrameKind annotation(char c) {
        return switch (c) {
            case 'j', '1' -> FrameKind.COMPILED;
            case 'i' -> FrameKind.INLINED;
            case '0' -> FrameKind.INTERPRETED;
            case 'k' -> FrameKind.KERNEL;
            default -> null;
        };
    }

    /**
     * The dot between class and method of a Java-looking name ({@code com.example.Foo.bar},
     * {@code Foo.<init>}, {@code Foo$$Lambda.0x0001.run}), or -1 for anything else, such as native
     * symbols ({@code os::javaTimeNanos()}, {@code libc.so.6}-style paths, names with spaces).
     */
    private static int javaMethodDot(String name) {
        int dot = name.lastIndexOf('.');
        if (dot <= 0 || dot == name.length() - 1) return -1;
        for (int i = 0; i < name.length(); i++) {
            char c = name.charAt(i);
            if (Character.isWhitespace(c) || c == '(' || c == ')' || c == ':' || c == '/' && i == 0) return -1;
        }
        String method = name.substring(dot + 1);
        if (method.equals("<init>") || method.equals("<clinit>")) return dot;
        if (!Character.isJavaIdentifierStart(method.charAt(0))) return -1;
        for (int i = 1; i < method.length(); i++) {
            if (!Character.isJavaIdentifierPart(method.charAt(i))) return -1;
        }
        return dot;
    }

    private static boolean digits(String text, int from) {
        for (int i = from; i < text.length(); i++) {
            if (text.charAt(i) < '0' || text.charAt(i) > '9') return false;
        }
        return from < text.length();
    }
}
