package dev.jprof.render.html;

import dev.jprof.model.Attributes;
import dev.jprof.model.FrameKind;
import dev.jprof.model.Profile;

import java.util.List;
import java.util.Locale;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * What a frame's code is, for the viewer's colours and legend; the order is the index in the page's data.
 * ALLOCATED and LOCK are not code but what the stack below allocated or waited for, never hidden as JDK frames.
 */
enum FrameCategory {
    APP, LIBRARY, JDK, NATIVE, VM, KERNEL, INLINED, SYNTHETIC, ALLOCATED, LOCK;

    private static final List<String> JDK_PACKAGES = List.of("java.", "javax.", "jdk.", "sun.", "com.sun.", "org.graalvm.");
    private static final List<String> LIBRARY_PACKAGES = List.of("org.apache.", "org.springframework.", "com.google.",
            "io.netty.", "com.fasterxml.", "org.slf4j.", "ch.qos.", "kotlin.", "kotlinx.", "scala.", "org.junit.",
            "org.hibernate.", "io.micrometer.", "reactor.", "org.eclipse.", "com.zaxxer.", "okhttp3.", "okio.",
            "org.jetbrains.", "io.grpc.", "com.squareup.", "org.codehaus.", "org.objectweb.", "net.bytebuddy.",
            "org.postgresql.", "com.mysql.", "io.vertx.", "io.quarkus.", "io.undertow.", "org.glassfish.", "jakarta.",
            "org.h2.", "com.esotericsoftware.", "it.unimi.", "org.antlr.", "org.yaml.", "com.amazonaws.",
            "software.amazon.", "io.opentelemetry.", "org.gradle.", "org.openjdk.jmh.", "picocli.", "org.assertj.");
    private static final Pattern CLASS_NAME = Pattern.compile("\\b([a-z_][\\w$]*)(\\.[a-z_][\\w$]*)?(?:\\.[a-z_][\\w$]*)*\\.[A-Z][\\w$]*");

    String label() {
        return name().toLowerCase(Locale.ROOT);
    }

    /** Classifies frames; application code is the package of the profiled main class when the profile names one. */
    static final class Classifier {
        private final String appPrefix;

        Classifier(Profile profile) {
            String target = profile.attribute(Attributes.TARGET);
            String prefix = null;
            if (target != null) {
                Matcher m = CLASS_NAME.matcher(target);
                while (m.find()) {
                    String candidate = m.group(1) + (m.group(2) == null ? "" : m.group(2)) + ".";
                    if (JDK_PACKAGES.stream().noneMatch(candidate::startsWith)) {
                        prefix = candidate;
                        break;
                    }
                }
            }
            this.appPrefix = prefix;
        }

        FrameCategory of(FrameKind kind, String className) {
            switch (kind) {
                case SYNTHETIC:
                    return SYNTHETIC;
                case KERNEL:
                    return KERNEL;
                case NATIVE:
                    return NATIVE;
                case VM:
                    return VM;
                case INLINED:
                    return INLINED;
                case ALLOCATION:
                    return ALLOCATED;
                case LOCK:
                    return LOCK;
                default:
                    break;
            }
            if (className.isEmpty()) return NATIVE;
            if (JDK_PACKAGES.stream().anyMatch(className::startsWith)) return JDK;
            if (appPrefix != null) return className.startsWith(appPrefix) ? APP : LIBRARY;
            return LIBRARY_PACKAGES.stream().anyMatch(className::startsWith) ? LIBRARY : APP;
        }
    }
}
