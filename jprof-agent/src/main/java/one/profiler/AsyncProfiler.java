package one.profiler;

/**
 * The one entry point of async-profiler's native library that jprof's watchdog needs: its command
 * interpreter, bound by JNI to {@code Java_one_profiler_AsyncProfiler_execute0} in libasyncProfiler.so.
 * The library must be loaded into this JVM already (as an agent, then with System.load for JNI).
 */
public final class AsyncProfiler {
    public AsyncProfiler(String library) {
        System.load(library);
    }

    /** Runs an async-profiler command such as {@code stop}; returns what it prints. */
    public String execute(String command) throws Exception {
        return execute0(command);
    }

    private native String execute0(String command) throws Exception;
}
