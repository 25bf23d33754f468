package dev.jprof.capture.attach;

import com.sun.management.HotSpotDiagnosticMXBean;
import com.sun.management.ThreadMXBean;
import com.sun.management.VMOption;
import com.sun.tools.attach.AgentInitializationException;
import com.sun.tools.attach.AgentLoadException;
import com.sun.tools.attach.AttachNotSupportedException;
import com.sun.tools.attach.VirtualMachine;
import dev.jprof.capture.attach.AttachException.Reason;

import javax.management.MBeanServerConnection;
import javax.management.remote.JMXConnector;
import javax.management.remote.JMXConnectorFactory;
import javax.management.remote.JMXServiceURL;
import java.io.IOException;
import java.lang.management.ManagementFactory;
import java.lang.management.RuntimeMXBean;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Optional;
import java.util.Properties;
import java.util.concurrent.Callable;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;

/**
 * A JMX connection to a running JVM on this machine, found by pid through the Attach API.
 *
 * <p>{@link #open} attaches, starts the JVM's local JMX agent (the loopback-only connector that
 * jconsole and VisualVM use; it stays up for the next tool, as with them), connects to it and
 * detaches again. Everything else goes over JMX: {@link #mbeans()} and the platform proxies.
 * {@link #loadAgent} attaches briefly once more. Works across Java versions (a JDK 17 jprof with a
 * JDK 25 target and the other way round); needs no {@code --add-opens} and no
 * {@code -Djdk.attach.allowAttachSelf} (attaching to jprof's own process is refused).
 *
 * <p>Every failure is an {@link AttachException} with one line for the user.
 */
public final class JvmConnection implements AutoCloseable {
    /** Upper bound for attaching, starting the JMX agent and connecting. */
    public static final Duration DEFAULT_TIMEOUT = Duration.ofSeconds(30);
    private static final String LOCAL_CONNECTOR = "com.sun.management.jmxremote.localConnectorAddress";

    static {
        // A JMX call to a JVM that hangs must not hang jprof: a read timeout for RMI replies (client side only).
        if (System.getProperty("sun.rmi.transport.tcp.responseTimeout") == null) {
            System.setProperty("sun.rmi.transport.tcp.responseTimeout", "60000");
        }
    }

    private final long pid;
    private final JMXConnector connector;
    private final MBeanServerConnection mbeans;
    private final Properties properties;
    private volatile RuntimeMXBean runtime;
    private volatile ThreadMXBean threads;
    private volatile HotSpotDiagnosticMXBean hotSpot;

    private JvmConnection(long pid, JMXConnector connector, Properties properties) throws IOException {
        this.pid = pid;
        this.connector = connector;
        this.mbeans = connector.getMBeanServerConnection();
        this.properties = properties;
    }

    /** Connects to the JVM with this pid, giving up after {@link #DEFAULT_TIMEOUT}. */
    public static JvmConnection open(long pid) throws AttachException {
        return open(pid, DEFAULT_TIMEOUT);
    }

    /** Connects to the JVM with this pid, giving up after {@code timeout}. */
    public static JvmConnection open(long pid, Duration timeout) throws AttachException {
        return within(pid, timeout, "answer", () -> connect(pid)).join();
    }

    private static JvmConnection connect(long pid) throws AttachException {
        ProcessProbe.check(pid);
        Properties properties;
        String address;
        VirtualMachine vm = attachVm(pid);
        try {
            properties = vm.getSystemProperties();
            int feature = featureVersion(properties.getProperty("java.specification.version"));
            if (feature > 0 && feature < 11) {
                throw new AttachException(Reason.UNSUPPORTED, "JVM " + pid + " runs Java "
                        + properties.getProperty("java.specification.version") + ": jprof attaches to Java 11 or newer");
            }
            address = vm.getAgentProperties().getProperty(LOCAL_CONNECTOR);
            if (address == null) address = vm.startLocalManagementAgent();
        } catch (IOException e) {
            if (!alive(pid)) throw exited(pid);
            throw new AttachException(Reason.UNSUPPORTED,
                    "JVM " + pid + " could not start its local JMX agent: " + firstLine(e), e);
        } finally {
            detachQuietly(vm);
        }
        try {
            JMXConnector connector = JMXConnectorFactory.connect(new JMXServiceURL(address));
            return new JvmConnection(pid, connector, properties);
        } catch (IOException e) {
            if (!alive(pid)) throw exited(pid);
            throw new AttachException(Reason.FAILED, "could not connect to JVM " + pid + " over JMX: " + firstLine(e), e);
        }
    }

    private static VirtualMachine attachVm(long pid) throws AttachException {
        try {
            return VirtualMachine.attach(Long.toString(pid));
        } catch (AttachNotSupportedException | IOException e) {
            throw attachFailure(pid, e);
        } catch (LinkageError e) {
            throw new AttachException(Reason.UNSUPPORTED,
                    "this Java runtime cannot attach to JVMs (module jdk.attach missing): run jprof with a full JDK", e);
        }
    }

    static AttachException attachFailure(long pid, Exception e) {
        String message = String.valueOf(e.getMessage());
        if (!alive(pid)) return exited(pid);
        if (message.contains("does not support the attach mechanism")) {
            return new AttachException(Reason.ATTACH_DISABLED, "JVM " + pid + " was started with -XX:+DisableAttachMechanism", e);
        }
        if (message.contains("not ready to participate")) {
            return new AttachException(Reason.ATTACH_DISABLED, "JVM " + pid
                    + " does not handle SIGQUIT (started with -Xrs, or still starting up), so jprof cannot attach to it", e);
        }
        if (message.contains("doesn't respond within") || message.contains("Unable to open socket file")) {
            return new AttachException(Reason.TIMEOUT, "JVM " + pid
                    + " did not answer the attach request (still starting, hung, or attach disabled in it)", e);
        }
        if (message.contains("Permission denied") || message.contains("should be owned by")) {
            return new AttachException(Reason.OTHER_USER,
                    "process " + pid + " belongs to another user: run jprof as that user", e);
        }
        if (message.contains("Can not attach to current VM")) {
            return new AttachException(Reason.SELF, "pid " + pid + " is jprof itself: give the pid of another JVM", e);
        }
        if (message.contains("no providers installed")) {
            return new AttachException(Reason.UNSUPPORTED,
                    "this Java runtime cannot attach to JVMs (no attach provider): run jprof with a full JDK", e);
        }
        return new AttachException(Reason.FAILED, "could not attach to JVM " + pid + ": " + firstLine(e), e);
    }

    static AttachException exited(long pid) {
        return new AttachException(Reason.NO_SUCH_PROCESS, "no process with pid " + pid + " (it has exited)");
    }

    /**
     * Loads a Java agent jar into the JVM ({@code agentmain(options)}), attaching briefly for it.
     * The path must be readable by the target process.
     */
    public void loadAgent(Path jar, String options) throws AttachException {
        loadAgent(pid, jar, options);
    }

    /** Like {@link #loadAgent(Path, String)}, without a JMX connection. */
    public static void loadAgent(long pid, Path jar, String options) throws AttachException {
        within(pid, DEFAULT_TIMEOUT, "load the agent", () -> {
            VirtualMachine vm = attachVm(pid);
            try {
                vm.loadAgent(jar.toAbsolutePath().toString(), options);
                return null;
            } catch (AgentLoadException e) {
                throw agentRefused(pid, "jprof's agent", e);
            } catch (AgentInitializationException e) {
                throw new AttachException(Reason.AGENT_FAILED,
                        "jprof's agent failed to start in JVM " + pid + " (its error output says why)", e);
            } catch (IOException e) {
                throw attachFailure(pid, e);
            } finally {
                detachQuietly(vm);
            }
        }).join();
    }

    /**
     * Loads a native agent library into the JVM ({@code Agent_OnAttach(options)}), attaching briefly for
     * it, without JMX; async-profiler takes its commands (start, stop) this way.
     */
    public static void loadAgentPath(long pid, Path library, String options) throws AttachException {
        within(pid, DEFAULT_TIMEOUT, "load " + library.getFileName(), () -> {
            VirtualMachine vm = attachVm(pid);
            try {
                vm.loadAgentPath(library.toAbsolutePath().toString(), options);
                return null;
            } catch (AgentLoadException e) {
                throw agentRefused(pid, library.getFileName().toString(), e);
            } catch (AgentInitializationException e) {
                throw new AttachException(Reason.AGENT_FAILED, "JVM " + pid + " could not run " + library.getFileName()
                        + " (" + firstLine(e) + ")", e);
            } catch (IOException e) {
                throw attachFailure(pid, e);
            } finally {
                detachQuietly(vm);
            }
        }).join();
    }

    /** The JVM's system properties, over the attach mechanism alone (no JMX). */
    public static Properties systemProperties(long pid) throws AttachException {
        ProcessProbe.check(pid);
        return within(pid, DEFAULT_TIMEOUT, "answer", () -> {
            VirtualMachine vm = attachVm(pid);
            try {
                return vm.getSystemProperties();
            } catch (IOException e) {
                throw attachFailure(pid, e);
            } finally {
                detachQuietly(vm);
            }
        }).join();
    }

    private static AttachException agentRefused(long pid, String agent, AgentLoadException e) {
        String message = String.valueOf(e.getMessage());
        if (message.contains("java.instrument")) {
            return new AttachException(Reason.AGENT_FAILED, "JVM " + pid
                    + " cannot load Java agents (its Java runtime lacks the java.instrument module)", e);
        }
        if (message.contains("EnableDynamicAgentLoading") || message.contains("not enabled")) {
            return new AttachException(Reason.AGENT_FAILED, "JVM " + pid
                    + " was started with -XX:-EnableDynamicAgentLoading and refuses " + agent, e);
        }
        return new AttachException(Reason.AGENT_FAILED, "JVM " + pid + " could not load " + agent + ": " + firstLine(e), e);
    }

    public long pid() {
        return pid;
    }

    /** The JVM's platform MBean server. */
    public MBeanServerConnection mbeans() {
        return mbeans;
    }

    /** java.specification.version: "17", "25", ... */
    public String specificationVersion() {
        return properties.getProperty("java.specification.version", "?");
    }

    /** The feature release: 17, 21, 25, ... (0 when unknown). */
    public int featureVersion() {
        return featureVersion(specificationVersion());
    }

    /** java.vm.version, e.g. "17.0.15+6-Debian-1deb12u1" or "25.0.3+9-LTS". */
    public String vmVersion() {
        return properties.getProperty("java.vm.version", specificationVersion());
    }

    /** sun.java.command: the main class (or jar) and its arguments, "" when unknown. */
    public String command() {
        return properties.getProperty("sun.java.command", "");
    }

    /** The main class or jar: the first word of {@link #command()}. */
    public String mainClass() {
        String command = command().trim();
        int space = command.indexOf(' ');
        return space < 0 ? command : command.substring(0, space);
    }

    /** A system property of the JVM as it was when jprof attached, or null. */
    public String systemProperty(String name) {
        return properties.getProperty(name);
    }

    public RuntimeMXBean runtime() {
        if (runtime == null) runtime = proxy(ManagementFactory.RUNTIME_MXBEAN_NAME, RuntimeMXBean.class);
        return runtime;
    }

    /** The JVM's threads, with HotSpot's additions (CPU time of many threads in one call). */
    public ThreadMXBean threads() {
        if (threads == null) threads = proxy(ManagementFactory.THREAD_MXBEAN_NAME, ThreadMXBean.class);
        return threads;
    }

    public HotSpotDiagnosticMXBean hotSpotDiagnostic() {
        if (hotSpot == null) hotSpot = proxy("com.sun.management:type=HotSpotDiagnostic", HotSpotDiagnosticMXBean.class);
        return hotSpot;
    }

    /**
     * A VM flag, or empty when the JVM does not show it (diagnostic flags are hidden unless the JVM
     * runs with -XX:+UnlockDiagnosticVMOptions, so they still have their default then).
     */
    public Optional<VMOption> vmOption(String name) throws IOException {
        try {
            return Optional.of(hotSpotDiagnostic().getVMOption(name));
        } catch (IllegalArgumentException e) {
            return Optional.empty();
        } catch (java.lang.reflect.UndeclaredThrowableException e) {
            if (e.getCause() instanceof IOException) throw (IOException) e.getCause();
            throw e;
        }
    }

    /** A proxy for a platform MXBean of the JVM. */
    public <T> T proxy(String objectName, Class<T> type) {
        try {
            return ManagementFactory.newPlatformMXBeanProxy(mbeans, objectName, type);
        } catch (IOException e) {
            throw new java.io.UncheckedIOException(e);
        }
    }

    /** Whether the process is still running (checked locally, without asking the JVM). */
    public boolean isAlive() {
        return alive(pid);
    }

    static boolean alive(long pid) {
        return ProcessHandle.of(pid).map(ProcessHandle::isAlive).orElse(false);
    }

    /** Closes the JMX connection; the JVM keeps running, its local JMX agent stays up. */
    @Override
    public void close() {
        try {
            connector.close();
        } catch (IOException | RuntimeException e) {
            // the JVM may be gone: nothing left to close
        }
    }

    static int featureVersion(String specificationVersion) {
        if (specificationVersion == null) return 0;
        String text = specificationVersion.startsWith("1.") ? specificationVersion.substring(2) : specificationVersion;
        int dot = text.indexOf('.');
        try {
            return Integer.parseInt(dot < 0 ? text : text.substring(0, dot));
        } catch (NumberFormatException e) {
            return 0;
        }
    }

    public static String firstLine(Throwable e) {
        Throwable t = e;
        while (t.getMessage() == null && t.getCause() != null) t = t.getCause();
        String message = t.getMessage() == null ? t.getClass().getSimpleName() : t.getMessage().strip();
        int newline = message.indexOf('\n');
        return newline < 0 ? message : message.substring(0, newline).strip();
    }

    private static void detachQuietly(VirtualMachine vm) {
        try {
            vm.detach();
        } catch (IOException | RuntimeException e) {
            // already gone
        }
    }

    interface Task<T> {
        T run() throws AttachException;
    }

    /**
     * Runs {@code task} on its own daemon thread and waits at most {@code timeout}; a JVM that
     * never answers then costs jprof a parked thread, not a hang.
     */
    private static <T> Completed<T> within(long pid, Duration timeout, String what, Task<T> task) throws AttachException {
        CompletableFuture<T> future = new CompletableFuture<>();
        Thread thread = new Thread(() -> {
            try {
                future.complete(task.run());
            } catch (Throwable e) {
                future.completeExceptionally(e);
            }
        }, "jprof-attach-" + pid);
        thread.setDaemon(true);
        thread.start();
        try {
            return new Completed<>(future.get(timeout.toMillis(), TimeUnit.MILLISECONDS));
        } catch (TimeoutException e) {
            thread.interrupt();
            future.thenAccept(value -> {
                if (value instanceof AutoCloseable) {
                    try {
                        ((AutoCloseable) value).close();
                    } catch (Exception ignored) {
                        // late connection nobody wants
                    }
                }
            });
            throw new AttachException(Reason.TIMEOUT,
                    "JVM " + pid + " did not " + what + " within " + timeout.toSeconds() + " s (it may be hung or overloaded)", e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new AttachException(Reason.FAILED, "interrupted while attaching to JVM " + pid, e);
        } catch (ExecutionException e) {
            Throwable cause = e.getCause();
            if (cause instanceof AttachException) throw (AttachException) cause;
            if (cause instanceof Exception) throw attachFailure(pid, (Exception) cause);
            if (cause instanceof LinkageError) {
                throw new AttachException(Reason.UNSUPPORTED,
                        "this Java runtime cannot attach to JVMs (module jdk.attach missing): run jprof with a full JDK", cause);
            }
            throw new AttachException(Reason.FAILED, "could not attach to JVM " + pid + ": " + firstLine(cause), cause);
        }
    }

    /** A value already computed (keeps {@link #within} readable at its call sites). */
    private record Completed<T>(T value) {
        T join() {
            return value;
        }
    }

    /** Runs a JMX call, turning a JVM that went away into {@link AttachException}. */
    public <T> T call(String what, Callable<T> call) throws AttachException {
        try {
            return call.call();
        } catch (Exception e) {
            if (!isAlive()) throw exited(pid);
            throw new AttachException(Reason.FAILED, "JVM " + pid + " failed to " + what + ": " + firstLine(e), e);
        }
    }
}
