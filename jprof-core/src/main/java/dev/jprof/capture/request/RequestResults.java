package dev.jprof.capture.request;

import dev.jprof.capture.ProfileFormatException;

import java.io.BufferedReader;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * What the agent wrote at the end of a request profiling session (dev.jprof.agent.request.RequestSession
 * describes the file): the profiled requests, what the tracer saw in each, the triggers it refused, and the
 * sampler's file, from which each request gets the stacks of its own thread within its own window.
 */
public record RequestResults(List<RequestRun> runs, Map<String, Long> refused, String engine, long intervalNanos,
                             Map<Integer, TracedMethod> methods) {
    public static final String FILE = "requests.txt";
    private static final String MAGIC = "jprof-requests";

    /** Triggers the agent refused for this reason (forged, expired, replayed, over-limit), or, watching, slow requests it dropped (dropped). */
    public long refused(String reason) {
        return refused.getOrDefault(reason, 0L);
    }

    public static RequestResults read(Path dir) throws IOException {
        Path file = dir.resolve(FILE);
        if (!Files.isRegularFile(file)) throw new NoSuchFileException(file.toString(), null, "the agent wrote no request results");
        Map<String, Long> refused = new LinkedHashMap<>();
        Map<Integer, TracedMethod> methods = new HashMap<>();
        List<String[]> requests = new ArrayList<>();
        Map<Integer, List<SqlStatement>> sql = new HashMap<>();
        Map<Integer, List<TracedCall>> calls = new HashMap<>();
        String engine = null;
        long interval = 0;
        String samples = null;
        try (BufferedReader in = Files.newBufferedReader(file, StandardCharsets.UTF_8)) {
            String line;
            int number = 0;
            while ((line = in.readLine()) != null) {
                number++;
                if (line.isEmpty()) continue;
                String[] f = line.split("\t", -1);
                if (number == 1 && !(f[0].equals(MAGIC) && f.length > 1 && f[1].equals("1"))) {
                    throw new ProfileFormatException(file + ": not a jprof request results file (version 1)");
                }
                try {
                    switch (f[0]) {
                        case MAGIC -> { }
                        case "counter" -> refused.put(f[1], Long.parseLong(f[2]));
                        case "sampling" -> {
                            engine = f[1];
                            interval = Long.parseLong(f[2]);
                            samples = f[3];
                        }
                        case "method" -> methods.put(Integer.parseInt(f[1]), new TracedMethod(f[2], f[3], f[5], Integer.parseInt(f[6])));
                        case "request" -> requests.add(f);
                        case "sql" -> sql.computeIfAbsent(Integer.parseInt(f[1]), k -> new ArrayList<>())
                                .add(new SqlStatement(f[4], Long.parseLong(f[2]), Long.parseLong(f[3])));
                        case "node" -> calls.computeIfAbsent(Integer.parseInt(f[1]), k -> new ArrayList<>())
                                .add(new TracedCall(Integer.parseInt(f[2]), Integer.parseInt(f[3]), Integer.parseInt(f[4]),
                                        Long.parseLong(f[5]), Long.parseLong(f[6])));
                        default -> throw new ProfileFormatException(file + ":" + number + ": unknown record '" + f[0] + "'");
                    }
                } catch (ArrayIndexOutOfBoundsException | NumberFormatException e) {
                    throw new ProfileFormatException(file + ":" + number + ": malformed line");
                }
            }
        }
        List<RequestRun> runs = new ArrayList<>();
        for (String[] f : requests) {
            int index;
            try {
                index = Integer.parseInt(f[1]);
                runs.add(new RequestRun(index, f[2], f[3], f[4], Long.parseLong(f[5]), f[6], Long.parseLong(f[7]), Long.parseLong(f[8]),
                        Long.parseLong(f[9]), Long.parseLong(f[10]), Long.parseLong(f[11]),
                        List.copyOf(sql.getOrDefault(index, List.of())), List.copyOf(calls.getOrDefault(index, List.of())), List.of(),
                        f.length > 12 ? Integer.parseInt(f[12]) : -1, f.length > 13 ? f[13] : "", f.length > 14 && f[14].equals("async")));
            } catch (ArrayIndexOutOfBoundsException | NumberFormatException e) {
                throw new ProfileFormatException(file + ": malformed request line");
            }
        }
        if (samples != null && !runs.isEmpty()) {
            if (!JfrRequestSamples.ENGINES.contains(engine)) throw new ProfileFormatException(file + ": unknown sampling engine '" + engine + "'");
            Path samplesFile = dir.resolve(samples).normalize();
            if (!samplesFile.startsWith(dir.normalize())) throw new ProfileFormatException(file + ": samples outside its folder");
            List<List<SampledStack>> stacks = JfrRequestSamples.read(samplesFile, runs, interval);
            for (int i = 0; i < runs.size(); i++) runs.set(i, runs.get(i).withSamples(List.copyOf(stacks.get(i))));
        }
        return new RequestResults(List.copyOf(runs), Map.copyOf(refused), engine, interval, Map.copyOf(methods));
    }
}
