package dev.jprof.agent.request;

import dev.jprof.agent.AgentOptions;
import dev.jprof.agent.OptionText;

/**
 * The options of request profiling: {@code request=start}, {@code request=watch} or {@code request=stop} first, then
 * {@code key=value} pairs separated by ','. {@code start} profiles the requests that carry a signed trigger;
 * {@code watch} watches every request and keeps those slower than {@code slower}, in batches written to {@code dir}.
 * <ul>
 *   <li>{@code dir=PATH}: the private folder the results go to (required).</li>
 *   <li>{@code key=PATH}: the file holding the secret that signs triggers, readable by its owner only (start).</li>
 *   <li>{@code max=N}: requests to profile at most; later triggers are served unprofiled (1).</li>
 *   <li>{@code timeout=TIME}: the session ends by itself after this, whatever happens to jprof (5m).</li>
 *   <li>{@code interval=TIME}: the sampling interval (1ms).</li>
 *   <li>{@code slower=TIME}: watch: a request is kept when it lasted at least this long (500ms).</li>
 *   <li>{@code flush=TIME}: watch: how often the kept requests are written out as a batch (1s).</li>
 *   <li>{@code include=P;P}, {@code exclude=P;P}: the traced methods, as for tracing; {@code trace=false}: no tracing.</li>
 * </ul>
 */
public final class RequestOptions {
    public static final String PREFIX = "request=";
    /** The server classes never traced by default: what is not the application's own code. */
    public static final String SERVER_PACKAGES = "org.eclipse.jetty.**;org.apache.catalina.**;org.apache.coyote.**;org.apache.tomcat.**;"
            + "org.apache.jasper.**;org.apache.naming.**;org.apache.juli.**;org.apache.el.**;io.undertow.**;org.xnio.**;io.netty.**;"
            + "jakarta.**;javax.**";

    boolean start;
    boolean watch;
    long slowerNanos = 500_000_000;
    long flushNanos = 1_000_000_000;
    String dir;
    String key;
    int max = 1;
    long timeoutNanos = 300_000_000_000L;
    long intervalNanos = 1_000_000;
    String include = "";
    String exclude = "";
    boolean trace = true;

    private RequestOptions() {
    }

    public static boolean isRequest(String text) {
        return text != null && text.trim().startsWith(PREFIX);
    }

    public static RequestOptions parse(String text) {
        RequestOptions options = new RequestOptions();
        OptionText.forEach(text, options::set);
        if (options.dir == null) throw new IllegalArgumentException("request needs dir=PATH");
        if (options.start && options.key == null) throw new IllegalArgumentException("request=start needs key=PATH");
        if (options.watch) options.trace = false;
        return options;
    }

    private void set(String k, String value) {
        switch (k) {
            case "request":
                if (!value.equals("start") && !value.equals("watch") && !value.equals("stop")) {
                    throw new IllegalArgumentException("request must be start, watch or stop, got '" + value + "'");
                }
                start = value.equals("start");
                watch = value.equals("watch");
                break;
            case "dir": dir = value; break;
            case "key": key = value; break;
            case "max":
                try {
                    max = Integer.parseInt(value);
                } catch (NumberFormatException e) {
                    throw new IllegalArgumentException("max must be a number, got '" + value + "'");
                }
                if (max < 1) throw new IllegalArgumentException("max must be at least 1");
                break;
            case "timeout": timeoutNanos = AgentOptions.parseTime(k, value); break;
            case "interval":
                intervalNanos = AgentOptions.parseTime(k, value);
                if (intervalNanos < 1_000_000) throw new IllegalArgumentException("interval must be at least 1ms");
                break;
            case "slower": slowerNanos = AgentOptions.parseTime(k, value); break;
            case "flush":
                flushNanos = AgentOptions.parseTime(k, value);
                if (flushNanos < 10_000_000) throw new IllegalArgumentException("flush must be at least 10ms");
                break;
            case "include": include = value; break;
            case "exclude": exclude = value; break;
            case "trace": trace = !value.equalsIgnoreCase("false"); break;
            default:
                throw new IllegalArgumentException("unknown option '" + k + "' (known: request, dir, key, max, timeout, interval, slower, flush, include, exclude, trace)");
        }
    }
}
