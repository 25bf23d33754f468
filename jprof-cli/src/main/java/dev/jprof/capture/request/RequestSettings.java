package dev.jprof.capture.request;

import java.nio.file.Path;
import java.time.Duration;
import java.util.List;

/**
 * How to profile requests in a JVM: at most {@code maxRequests} profiled, the whole session ended by the agent
 * itself after {@code sessionTimeout}, the tracer on the application's code ({@code include}/{@code exclude}
 * method patterns; none: every class not the JDK's or the server's) unless {@code trace} is false.
 */
public record RequestSettings(Path keyFile, int maxRequests, Duration sessionTimeout, Duration requestTimeout,
                              List<String> include, List<String> exclude, boolean trace) {
    public static RequestSettings defaults() {
        return new RequestSettings(RequestKey.defaultFile(), 1, Duration.ofMinutes(5), Duration.ofSeconds(60), List.of(), List.of(), true);
    }

    public RequestSettings withKeyFile(Path file) {
        return new RequestSettings(file, maxRequests, sessionTimeout, requestTimeout, include, exclude, trace);
    }

    public RequestSettings withMaxRequests(int n) {
        return new RequestSettings(keyFile, n, sessionTimeout, requestTimeout, include, exclude, trace);
    }

    public RequestSettings withRequestTimeout(Duration timeout) {
        return new RequestSettings(keyFile, maxRequests, sessionTimeout, timeout, include, exclude, trace);
    }

    public RequestSettings withSessionTimeout(Duration timeout) {
        return new RequestSettings(keyFile, maxRequests, timeout, requestTimeout, include, exclude, trace);
    }

    public RequestSettings withTrace(boolean on) {
        return new RequestSettings(keyFile, maxRequests, sessionTimeout, requestTimeout, include, exclude, on);
    }

    public RequestSettings withPatterns(List<String> includes, List<String> excludes) {
        return new RequestSettings(keyFile, maxRequests, sessionTimeout, requestTimeout, List.copyOf(includes), List.copyOf(excludes), trace);
    }
}
