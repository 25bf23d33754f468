package dev.jprof.capture.request;

import dev.jprof.model.FrameKind;
import dev.jprof.model.ThreadState;

import java.util.List;

/**
 * A stack seen on a request's thread during the request: a running sample (weighted by the sampling
 * interval) or a wait (weighted by how long it lasted within the request).
 */
public record SampledStack(List<Frame> rootFirst, ThreadState state, long weightNanos, String waitEvent) {
    public record Frame(String className, String method, int line, FrameKind kind) {
    }

    public boolean waiting() {
        return waitEvent != null;
    }
}
