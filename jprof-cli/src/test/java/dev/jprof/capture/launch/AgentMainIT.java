package dev.jprof.capture.launch;

import com.sun.tools.attach.VirtualMachine;
import dev.jprof.agent.SamplerMXBean;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import javax.management.MBeanServerConnection;
import javax.management.ObjectName;
import javax.management.remote.JMXConnector;
import javax.management.remote.JMXConnectorFactory;
import javax.management.remote.JMXServiceURL;
import java.lang.management.ManagementFactory;
import java.lang.management.ThreadInfo;
import java.lang.management.ThreadMXBean;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.List;
import java.util.concurrent.TimeUnit;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The agent loaded into a running JVM (agentmain), as jprof's attach engine loads it: with
 * {@code recording=none} it only runs its sampler, controlled through the MBean dev.jprof:type=Sampler.
 */
class AgentMainIT {
    @TempDir
    Path dir;

    @Test
    void oneSamplerPerJvmStoppedThroughItsMBean() throws Exception {
        Path stderr = dir.resolve("stderr.txt");
        Process target = new ProcessBuilder(LaunchRecorderIT.java17(), "-cp", LaunchRecorderIT.TEST_CLASSES.toString(),
                "dev.jprof.testapps.Spin", "60")
                .redirectOutput(ProcessBuilder.Redirect.DISCARD).redirectError(stderr.toFile()).start();
        try {
            VirtualMachine vm = attachWhenReady(target.pid());
            try {
                String agent = LaunchRecorder.agentJar().toString();
                vm.loadAgent(agent, "mode=wall,interval=10ms,recording=none");
                vm.loadAgent(agent, "mode=wall,interval=10ms,recording=none");
                try (JMXConnector jmx = JMXConnectorFactory.connect(new JMXServiceURL(vm.startLocalManagementAgent()))) {
                    MBeanServerConnection server = jmx.getMBeanServerConnection();
                    ObjectName name = new ObjectName(SamplerMXBean.OBJECT_NAME);
                    assertThat(server.isRegistered(name)).isTrue();
                    assertThat(server.getAttribute(name, "Running")).isEqualTo(true);
                    assertThat(server.getAttribute(name, "Mode")).isEqualTo("wall");
                    Thread.sleep(500);
                    assertThat((Long) server.getAttribute(name, "TickCount")).isGreaterThan(10L);
                    assertThat(samplerThreads(server)).as("a second load starts no second sampler").isEqualTo(1);
                    assertThat(Files.readString(stderr)).contains("jprof agent: already running in this JVM");

                    server.invoke(name, "stop", null, null);
                    assertThat(server.isRegistered(name)).isFalse();
                    awaitNoSampler(server);

                    vm.loadAgent(agent, "mode=cpu,recording=none");
                    assertThat(server.isRegistered(name)).as("a load after stop starts again").isTrue();
                    assertThat(server.getAttribute(name, "Mode")).isEqualTo("cpu");
                    server.invoke(name, "stop", null, null);
                }
                vm.loadAgent(agent, "mode=bogus");
                assertThat(Files.readString(stderr)).contains("jprof agent: unknown mode 'bogus' (expected cpu, wall, alloc or lock, or several joined by '+'); not profiling");
            } finally {
                vm.detach();
            }
            assertThat(target.isAlive()).as("the program goes on").isTrue();
        } finally {
            target.destroyForcibly();
            target.waitFor(10, TimeUnit.SECONDS);
        }
    }

    private static VirtualMachine attachWhenReady(long pid) throws Exception {
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(30);
        while (true) {
            try {
                return VirtualMachine.attach(Long.toString(pid));
            } catch (Exception e) {
                if (System.nanoTime() > deadline) throw e;
                Thread.sleep(100);
            }
        }
    }

    private static long samplerThreads(MBeanServerConnection server) throws Exception {
        ThreadMXBean threads = ManagementFactory.newPlatformMXBeanProxy(server, ManagementFactory.THREAD_MXBEAN_NAME, ThreadMXBean.class);
        ThreadInfo[] infos = threads.getThreadInfo(threads.getAllThreadIds(), 0);
        return Arrays.stream(infos).filter(i -> i != null && i.getThreadName().equals("jprof-sampler")).count();
    }

    private static void awaitNoSampler(MBeanServerConnection server) throws Exception {
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(5);
        while (samplerThreads(server) > 0) {
            if (System.nanoTime() > deadline) throw new AssertionError("the sampler thread did not end");
            Thread.sleep(50);
        }
    }
}
