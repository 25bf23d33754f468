package dev.jprof.agent.trace;

import org.junit.jupiter.api.Test;

import java.io.IOException;
import java.io.InputStream;
import java.lang.reflect.Method;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** Instruments {@link Sample}, loads it in a class loader of its own and counts what the hooks saw. */
class TraceTransformerTest {
    private static final String SAMPLE = Sample.class.getName();

    static byte[] bytesOf(String name) throws IOException {
        try (InputStream in = TraceTransformerTest.class.getResourceAsStream("/" + name.replace('.', '/') + ".class")) {
            return in.readAllBytes();
        }
    }

    /** Defines Sample (and its nested classes) from instrumented bytes, everything else from the parent. */
    private static final class TracedLoader extends ClassLoader {
        private final TraceTransformer transformer;

        TracedLoader(TraceTransformer transformer) {
            super(TraceTransformerTest.class.getClassLoader());
            this.transformer = transformer;
        }

        @Override
        protected Class<?> loadClass(String name, boolean resolve) throws ClassNotFoundException {
            if (!name.startsWith(SAMPLE)) return super.loadClass(name, resolve);
            synchronized (getClassLoadingLock(name)) {
                Class<?> loaded = findLoadedClass(name);
                if (loaded != null) return loaded;
                try {
                    byte[] original = bytesOf(name);
                    byte[] traced = transformer.instrument(original, name);
                    byte[] bytes = traced != null ? traced : original;
                    return defineClass(name, bytes, 0, bytes.length);
                } catch (IOException e) {
                    throw new ClassNotFoundException(name, e);
                }
            }
        }
    }

    private final MethodRegistry registry = new MethodRegistry();

    private Class<?> traced(String... includes) throws Exception {
        List<MethodPattern> patterns = new java.util.ArrayList<>();
        for (String include : includes) patterns.add(MethodPattern.parse(include));
        TraceTransformer transformer = new TraceTransformer(new MethodFilter(patterns, List.of()), registry);
        return Class.forName(SAMPLE, true, new TracedLoader(transformer));
    }

    /** Calls per method name of this thread's trace since {@code fromNode}, for methods of our registry. */
    private Map<String, Long> callsSince(ThreadTrace trace, long[] before) {
        Map<String, Long> calls = new HashMap<>();
        for (int n = 1; n < trace.nodes; n++) {
            long delta = trace.calls[n] - (n < before.length ? before[n] : 0);
            int m = trace.method[n];
            if (delta == 0 || m >= registry.size()) continue;
            calls.merge(registry.name(m), delta, Long::sum);
        }
        return calls;
    }

    private static Object call(Class<?> c, String name, Class<?>[] types, Object... args) throws Exception {
        Method method = c.getDeclaredMethod(name, types);
        method.setAccessible(true);
        return method.invoke(null, args);
    }

    @Test
    void countsRecursionThrowsConstructorsAndLambdasExactly() throws Exception {
        ThreadTrace trace = Tracer.current();
        long[] before = java.util.Arrays.copyOf(trace.calls, trace.nodes);
        int cursor = trace.cursor;
        Class<?> sample = traced("dev.jprof.agent.trace.Sample");

        assertThat(call(sample, "fib", new Class<?>[] {int.class}, 15)).isEqualTo(610);
        assertThat(call(sample, "catchAll", new Class<?>[] {int.class}, 25)).isEqualTo(25);
        assertThat(call(sample, "lambdas", new Class<?>[] {int.class}, 12)).isEqualTo(132);
        assertThat(call(sample, "wide", new Class<?>[] {long.class, double.class, int[].class, String.class},
                1L, 2.0, new int[] {3, 4}, "abc")).isEqualTo(13L);
        var constructor = sample.getDeclaredConstructor();
        constructor.setAccessible(true);
        constructor.newInstance();

        Map<String, Long> calls = callsSince(trace, before);
        assertThat(calls.get("fib")).isEqualTo(2L * 987 - 1); // 2·F(16)−1
        assertThat(calls.get("catchAll")).isEqualTo(1L);
        assertThat(calls.get("fail")).isEqualTo(25L);
        assertThat(calls.get("lambdas")).isEqualTo(1L);
        assertThat(calls.get("lambda$lambdas$0")).isEqualTo(12L);
        assertThat(calls.get("<clinit>")).isEqualTo(1L);
        assertThat(calls.get("<init>")).isEqualTo(3L); // Sample() -> this(...) and the new Sample(BASE) inside
        assertThat(trace.cursor).as("every enter has its exit, thrown or returned").isEqualTo(cursor);
    }

    @Test
    void anExceptionLeavesTheStackBalanced() throws Exception {
        Class<?> sample = traced("dev.jprof.agent.trace.Sample::fail");
        ThreadTrace trace = Tracer.current();
        int cursor = trace.cursor;
        assertThatThrownBy(() -> call(sample, "fail", new Class<?>[] {int.class}, 1)).hasRootCauseInstanceOf(IllegalStateException.class);
        assertThat(trace.cursor).isEqualTo(cursor);
    }

    @Test
    void aClassWithoutSelectedMethodsIsLeftAlone() throws Exception {
        MethodFilter filter = new MethodFilter(List.of(MethodPattern.parse("com.other.**")), List.of());
        assertThat(new TraceTransformer(filter, registry).instrument(bytesOf(SAMPLE), SAMPLE)).isNull();
        assertThat(filter.unmatched()).containsExactly("com.other.**");
    }

    @Test
    void aClassTheInstrumenterCannotHandleIsLeftAsItWas() {
        // a method just under the 64 KiB limit: the hooks would push it over
        org.objectweb.asm.ClassWriter writer = new org.objectweb.asm.ClassWriter(org.objectweb.asm.ClassWriter.COMPUTE_MAXS);
        writer.visit(org.objectweb.asm.Opcodes.V17, org.objectweb.asm.Opcodes.ACC_PUBLIC, "app/Huge", null, "java/lang/Object", null);
        org.objectweb.asm.MethodVisitor mv = writer.visitMethod(org.objectweb.asm.Opcodes.ACC_STATIC, "big", "()V", null, null);
        mv.visitCode();
        for (int i = 0; i < 65_530; i++) mv.visitInsn(org.objectweb.asm.Opcodes.NOP);
        mv.visitInsn(org.objectweb.asm.Opcodes.RETURN);
        mv.visitMaxs(0, 0);
        mv.visitEnd();
        writer.visitEnd();
        byte[] huge = writer.toByteArray();
        TraceTransformer transformer = new TraceTransformer(new MethodFilter(List.of(), List.of()), registry);
        assertThat(transformer.transform(ClassLoader.getSystemClassLoader(), "app/Huge", null, null, huge)).isNull();
        assertThat(transformer.instrumented).doesNotContain("app.Huge");
    }
}
