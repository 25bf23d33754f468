package dev.jprof.agent.watch;

import dev.jprof.agent.SamplerMXBean;

import java.lang.management.ManagementFactory;

import javax.management.MBeanServer;
import javax.management.ObjectName;

/** Stops jprof's wall sampler through its MBean, as jprof would over JMX. */
final class WallSamplerStop {
    private WallSamplerStop() {
    }

    static void stop() {
        try {
            MBeanServer server = ManagementFactory.getPlatformMBeanServer();
            ObjectName name = new ObjectName(SamplerMXBean.OBJECT_NAME);
            if (server.isRegistered(name)) server.invoke(name, "stop", null, null);
        } catch (Throwable t) {
            // not running any more
        }
    }
}
