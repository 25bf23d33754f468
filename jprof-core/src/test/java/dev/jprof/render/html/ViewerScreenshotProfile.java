package dev.jprof.render.html;

import dev.jprof.fixture.ProfileFixture;
import dev.jprof.model.Profile;
import dev.jprof.model.ThreadState;
import dev.jprof.model.ValueType;

import java.util.Random;

/** A plausible service profile to take the viewer's screenshot of: app, library, JDK, native and inlined frames. */
final class ViewerScreenshotProfile {
    private ViewerScreenshotProfile() {
    }

    static Profile profile() {
        String[] handlers = {"com.shop.api.OrderController.create", "com.shop.api.OrderController.list", "com.shop.api.CartController.add"};
        String[] middles = {"com.shop.service.PricingService.price;com.shop.service.TaxRules.apply#inlined",
                "com.fasterxml.jackson.databind.ObjectMapper.writeValueAsString;com.fasterxml.jackson.core.JsonGenerator.writeString",
                "org.postgresql.jdbc.PgStatement.execute;java.net.SocketInputStream.read;Java_java_net_SocketInputStream_socketRead0#native",
                "java.util.HashMap.get;java.util.HashMap.hash#inlined", "com.shop.service.Inventory.reserve;java.util.concurrent.locks.ReentrantLock.lock"};
        ProfileFixture fixture = new ProfileFixture(ValueType.SAMPLES, ValueType.CPU_TIME)
                .attribute("title", "shop-service, cpu").attribute("mode", "cpu").attribute("target", "com.shop.Main");
        Random random = new Random(42);
        for (int i = 0; i < 400; i++) {
            String stack = "java.lang.Thread.run;org.eclipse.jetty.server.Server.handle;" + handlers[random.nextInt(handlers.length)]
                    + ";" + middles[random.nextInt(middles.length)];
            fixture.sample("worker-" + random.nextInt(4), ThreadState.RUNNABLE, 1_000_000_000L + i * 10_000_000L, stack, 1, 10_000_000);
        }
        return fixture.build();
    }
}
