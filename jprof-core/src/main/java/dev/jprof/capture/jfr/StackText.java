package dev.jprof.capture.jfr;

import dev.jprof.model.FrameKind;
import dev.jprof.model.ProfileBuilder;

/** The text form of a stack in jprof.WaitSample events: see {@link JprofEvents}. */
final class StackText {
    private StackText() {
    }

    /** Frame ids, root first. Malformed lines become a frame holding the raw text. */
    static int[] frames(ProfileBuilder builder, String text) {
        if (text == null || text.isEmpty()) return new int[0];
        String[] lines = text.split("\n");
        int[] frames = new int[lines.length];
        for (int i = 0; i < lines.length; i++) {
            String[] parts = lines[i].split("\t", -1);
            int frame;
            if (parts.length == 4) {
                int line = parseLine(parts[3]);
                frame = builder.frame(HiddenClassNames.normalize(parts[0]), parts[1], parts[2], line, line < 0 ? FrameKind.INTERPRETED : FrameKind.UNKNOWN);
            } else {
                frame = builder.frame("", lines[i], "", 0, FrameKind.UNKNOWN);
            }
            frames[lines.length - 1 - i] = frame;
        }
        return frames;
    }

    static int unknownFrame(ProfileBuilder builder) {
        return builder.frame("", "[no stack]", "", 0, FrameKind.SYNTHETIC);
    }

    private static int parseLine(String text) {
        try {
            return Integer.parseInt(text);
        } catch (NumberFormatException e) {
            return 0;
        }
    }
}
