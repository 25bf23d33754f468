package dev.jprof.capture.request;

import dev.jprof.agent.request.RequestSession;
import dev.jprof.capture.BundledFile;
import dev.jprof.capture.FolderRemoval;
import dev.jprof.capture.attach.AttachException;
import dev.jprof.capture.attach.JvmConnection;
import dev.jprof.model.Profile;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Stream;

/**
 * Slow-request capture: jprof's agent, loaded at launch ({@link #agentOptions}) or attached ({@link #attach}), watches
 * every request of a server and writes those slower than the threshold as batches into a private staging folder;
 * {@link #collect} turns each kept request into a profile of its own in {@link KeptRequests} and removes the batch.
 * The agent stops watching when told ({@link #close} for an attached JVM), when the staging folder is gone, or with
 * its JVM.
 */
public final class SlowRequestWatch implements AutoCloseable {
    /** A request kept: its profile's file and what the agent measured. */
    public record Kept(Path file, RequestRun run) {
    }

    private final Path staging;
    private final KeptRequests kept;
    private long attachedPid = -1;

    /** @param staging an empty folder of this user alone, where the agent writes its batches */
    public SlowRequestWatch(Path staging, KeptRequests kept) {
        this.staging = staging;
        this.kept = kept;
    }

    /** The agent's options: watch every request, keep those of at least {@code slowerNanos}, sample their threads every {@code intervalNanos}. */
    public String agentOptions(long slowerNanos, long intervalNanos) {
        String dir = staging.toAbsolutePath().toString();
        if (dir.contains(",")) throw new IllegalArgumentException("jprof cannot pass a path with a ',' to the agent: " + dir);
        return "request=watch,slower=" + slowerNanos + ",interval=" + intervalNanos + ",dir=" + dir;
    }

    /**
     * Starts watching in the running JVM with this pid.
     *
     * @throws AttachException with one line for the user when the JVM cannot be attached to
     * @throws IOException     when the agent refused to start (its line on the server's stderr says why)
     */
    public void attach(long pid, long slowerNanos, long intervalNanos) throws AttachException, IOException {
        try (JvmConnection jvm = JvmConnection.open(pid)) {
            jvm.loadAgent(BundledFile.AGENT.path(), agentOptions(slowerNanos, intervalNanos));
        }
        if (!Files.exists(staging.resolve(RequestSession.ARMED))) {
            throw new IOException("jprof's agent did not start watching requests in JVM " + pid + " (its stderr says why)");
        }
        attachedPid = pid;
    }

    /** Keeps the requests of every complete batch the agent wrote since the last call, oldest batch first. */
    public List<Kept> collect() throws IOException {
        List<Path> batches;
        try (Stream<Path> list = Files.list(staging)) {
            batches = list.filter(f -> f.getFileName().toString().startsWith(RequestSession.BATCH)).sorted(SlowRequestWatch::byNumber).toList();
        }
        List<Kept> done = new ArrayList<>();
        for (Path batch : batches) {
            try {
                RequestResults results = RequestResults.read(batch);
                for (RequestRun run : results.runs()) {
                    Profile profile = RequestProfiles.ofRequest(results, run);
                    done.add(new Kept(kept.keep(profile), run));
                }
            } finally {
                FolderRemoval.remove(batch);
            }
        }
        return done;
    }

    /** batch-PID-N by pid, then by N as a number. */
    private static int byNumber(Path a, Path b) {
        String[] x = a.getFileName().toString().split("-");
        String[] y = b.getFileName().toString().split("-");
        try {
            int byPid = Long.compare(Long.parseLong(x[1]), Long.parseLong(y[1]));
            return byPid != 0 ? byPid : Long.compare(Long.parseLong(x[2]), Long.parseLong(y[2]));
        } catch (RuntimeException e) {
            return a.compareTo(b);
        }
    }

    /** An attached JVM: tells its agent to stop watching (it writes its last batch and restores the classes). */
    public void stop() throws AttachException, IOException {
        if (attachedPid < 0) return;
        long pid = attachedPid;
        attachedPid = -1;
        try (JvmConnection jvm = JvmConnection.open(pid)) {
            jvm.loadAgent(BundledFile.AGENT.path(), "request=stop,dir=" + staging.toAbsolutePath());
        }
    }

    @Override
    public void close() throws IOException {
        try {
            stop();
        } catch (AttachException | IOException e) {
            // the JVM went away; its agent stops when the staging folder is gone
        }
    }
}
