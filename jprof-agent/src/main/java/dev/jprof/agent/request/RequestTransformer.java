package dev.jprof.agent.request;

import dev.jprof.agent.AgentLog;

import org.objectweb.asm.ClassReader;
import org.objectweb.asm.ClassVisitor;
import org.objectweb.asm.ClassWriter;
import org.objectweb.asm.MethodVisitor;
import org.objectweb.asm.Opcodes;

import java.lang.instrument.ClassFileTransformer;
import java.nio.charset.StandardCharsets;
import java.security.ProtectionDomain;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.WeakHashMap;
import java.util.concurrent.ConcurrentHashMap;

/**
 * Adds {@link RequestHooks} to the request entry points and JDBC statements, by name and descriptor, so
 * the agent needs neither a servlet API nor a JDBC driver:
 * <ul>
 *   <li>{@code service(ServletRequest, ServletResponse)} and a filter chain's {@code doFilter(ServletRequest,
 *       ServletResponse)}, jakarta.servlet and javax.servlet, in any class (the outermost one on a thread is the
 *       request's entry);</li>
 *   <li>every method taking one {@code com.sun.net.httpserver.HttpExchange} (HttpHandler.handle, and the bodies of
 *       lambda handlers);</li>
 *   <li>the execute methods of classes implementing java.sql.Statement, and Connection.prepareStatement/prepareCall
 *       (for the text of a prepared statement).</li>
 * </ul>
 * Classes of the JDK itself are left alone.
 */
final class RequestTransformer implements ClassFileTransformer {
    private static final String JAKARTA = "(Ljakarta/servlet/ServletRequest;Ljakarta/servlet/ServletResponse;)V";
    private static final String JAVAX = "(Ljavax/servlet/ServletRequest;Ljavax/servlet/ServletResponse;)V";
    private static final String EXCHANGE = "(Lcom/sun/net/httpserver/HttpExchange;)V";
    private static final byte[][] MARKERS = {bytes("ServletResponse;)V"), bytes("httpserver/HttpExchange;)V")};
    private static final List<String> STATEMENT_INTERFACES = Arrays.asList("java/sql/Statement", "java/sql/PreparedStatement", "java/sql/CallableStatement");
    private static final Set<String> EXECUTE = Set.of("execute", "executeQuery", "executeUpdate", "executeLargeUpdate", "executeBatch", "executeLargeBatch");

    /** Internal names of the classes known to implement Statement, or Connection: their subclasses do too. */
    final Set<String> statements = ConcurrentHashMap.newKeySet();
    final Set<String> connections = ConcurrentHashMap.newKeySet();
    /** Names of the classes changed, to give them their code back at the end. */
    final Set<String> instrumented = ConcurrentHashMap.newKeySet();
    private final Map<ClassLoader, Boolean> seesHooks = new WeakHashMap<>();
    private volatile boolean active = true;

    void deactivate() {
        active = false;
    }

    @Override
    public byte[] transform(ClassLoader loader, String name, Class<?> redefined, ProtectionDomain domain, byte[] bytes) {
        if (!active || name == null || loader == null || loader == ClassLoader.getPlatformClassLoader()) return null;
        if (name.startsWith("dev/jprof/agent/") || name.startsWith("java/") || name.startsWith("jdk/") || name.startsWith("sun/")) return null;
        try {
            ClassReader reader = new ClassReader(bytes);
            boolean statement = implementsAny(reader, STATEMENT_INTERFACES, statements);
            boolean connection = implementsAny(reader, List.of("java/sql/Connection"), connections);
            if (statement) statements.add(name);
            if (connection) connections.add(name);
            if (!statement && !connection && !contains(bytes, MARKERS)) return null;
            if (!seesHooks(loader)) return null;
            ClassWriter writer = new ClassWriter(reader, ClassWriter.COMPUTE_MAXS);
            Hooks visitor = new Hooks(writer, statement, connection);
            reader.accept(visitor, ClassReader.EXPAND_FRAMES);
            if (visitor.hooked == 0) return null;
            instrumented.add(name.replace('/', '.'));
            return writer.toByteArray();
        } catch (Throwable t) {
            AgentLog.line("left " + name.replace('/', '.') + " unhooked: " + AgentLog.describe(t));
            return null;
        }
    }

    private static boolean implementsAny(ClassReader reader, List<String> interfaces, Set<String> known) {
        for (String i : reader.getInterfaces()) {
            if (interfaces.contains(i) || known.contains(i)) return true;
        }
        String superName = reader.getSuperName();
        return superName != null && known.contains(superName);
    }

    private static boolean contains(byte[] bytes, byte[][] markers) {
        for (byte[] marker : markers) {
            outer:
            for (int i = 0; i + marker.length <= bytes.length; i++) {
                for (int j = 0; j < marker.length; j++) {
                    if (bytes[i + j] != marker[j]) continue outer;
                }
                return true;
            }
        }
        return false;
    }

    private static byte[] bytes(String text) {
        return text.getBytes(StandardCharsets.UTF_8);
    }

    /** Whether classes of this loader link to {@link RequestHooks} (the application's loaders, not isolated ones). */
    private boolean seesHooks(ClassLoader loader) {
        if (loader == ClassLoader.getSystemClassLoader()) return true;
        synchronized (seesHooks) {
            Boolean sees = seesHooks.get(loader);
            if (sees != null) return sees;
        }
        boolean sees;
        try {
            sees = Class.forName(RequestHooks.class.getName(), false, loader) == RequestHooks.class;
        } catch (Throwable t) {
            sees = false;
        }
        synchronized (seesHooks) {
            seesHooks.put(loader, sees);
        }
        return sees;
    }

    private static final class Hooks extends ClassVisitor {
        private final boolean statement;
        private final boolean connection;
        private int version;
        private boolean isInterface;
        int hooked;

        Hooks(ClassVisitor next, boolean statement, boolean connection) {
            super(Opcodes.ASM9, next);
            this.statement = statement;
            this.connection = connection;
        }

        @Override
        public void visit(int version, int access, String name, String signature, String superName, String[] interfaces) {
            this.version = version & 0xFFFF;
            this.isInterface = (access & Opcodes.ACC_INTERFACE) != 0;
            super.visit(version, access, name, signature, superName, interfaces);
        }

        @Override
        public MethodVisitor visitMethod(int access, String name, String descriptor, String signature, String[] exceptions) {
            MethodVisitor next = super.visitMethod(access, name, descriptor, signature, exceptions);
            if (next == null || (access & (Opcodes.ACC_ABSTRACT | Opcodes.ACC_NATIVE | Opcodes.ACC_BRIDGE)) != 0) return next;
            if (name.equals("<init>") || name.equals("<clinit>")) return next;
            HookedMethodVisitor.Kind kind = null;
            boolean instance = (access & Opcodes.ACC_STATIC) == 0;
            if (instance && (name.equals("service") || name.equals("doFilter"))) {
                if (descriptor.equals(JAKARTA)) kind = HookedMethodVisitor.Kind.SERVLET_JAKARTA;
                else if (descriptor.equals(JAVAX)) kind = HookedMethodVisitor.Kind.SERVLET_JAVAX;
            }
            if (descriptor.equals(EXCHANGE)) kind = HookedMethodVisitor.Kind.EXCHANGE;
            if (statement && instance && EXECUTE.contains(name)) {
                if (descriptor.startsWith("(Ljava/lang/String;")) kind = HookedMethodVisitor.Kind.SQL_TEXT;
                else if (descriptor.startsWith("()")) kind = HookedMethodVisitor.Kind.SQL_PREPARED;
            }
            if (connection && instance && (name.equals("prepareStatement") || name.equals("prepareCall"))
                    && descriptor.startsWith("(Ljava/lang/String;")) {
                hooked++;
                return new PrepareMethodVisitor(next, access, name, descriptor);
            }
            if (kind == null || isInterface && !instance && kind != HookedMethodVisitor.Kind.EXCHANGE) return next;
            hooked++;
            return new HookedMethodVisitor(next, access, name, descriptor, version, kind);
        }
    }
}
