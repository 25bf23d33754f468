package dev.jprof.cli;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/** A collapsed-stacks file as tests read it: stacks (root first) and counts. */
record Collapsed(List<List<String>> stacks, List<Long> counts) {
    static Collapsed read(Path file) throws IOException {
        List<List<String>> stacks = new ArrayList<>();
        List<Long> counts = new ArrayList<>();
        for (String line : Files.readAllLines(file)) {
            if (line.isBlank()) continue;
            int space = line.lastIndexOf(' ');
            stacks.add(List.of(line.substring(0, space).split(";")));
            counts.add(Long.parseLong(line.substring(space + 1)));
        }
        return new Collapsed(stacks, counts);
    }

    long total() {
        return counts.stream().mapToLong(Long::longValue).sum();
    }

    /** Counts by the deepest frame that ends with one of these method names ("other" when none). */
    Map<String, Long> byDeepest(String... methods) {
        Map<String, Long> result = new LinkedHashMap<>();
        for (String m : methods) result.put(m, 0L);
        result.put("other", 0L);
        for (int i = 0; i < stacks.size(); i++) {
            String hit = "other";
            for (String frame : stacks.get(i)) {
                for (String m : methods) {
                    if (frame.endsWith("." + m)) hit = m;
                }
            }
            result.merge(hit, counts.get(i), Long::sum);
        }
        return result;
    }

    /** Counts by root frame (the thread or process name with --threads). */
    Map<String, Long> byRoot() {
        Map<String, Long> result = new LinkedHashMap<>();
        for (int i = 0; i < stacks.size(); i++) result.merge(stacks.get(i).get(0), counts.get(i), Long::sum);
        return result;
    }
}
