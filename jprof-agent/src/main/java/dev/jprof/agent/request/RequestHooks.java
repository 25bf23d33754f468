package dev.jprof.agent.request;

/**
 * What the hooked entry points and JDBC methods call. Everything returns at once while no session is
 * armed, and a request without the trigger header costs its header lookup (while slow requests are watched,
 * every request is measured: see {@link RequestSession}); nothing here ever throws into the application.
 */
public final class RequestHooks {
    static final String INTERNAL_NAME = "dev/jprof/agent/request/RequestHooks";
    private static final ThreadLocal<RequestScope> CURRENT = new ThreadLocal<>();
    static volatile RequestSession session;
    /** Profiled requests running now: the JDBC hooks skip the thread local when there are none. */
    static final java.util.concurrent.atomic.AtomicInteger open = new java.util.concurrent.atomic.AtomicInteger();

    private RequestHooks() {
    }

    /** A servlet's service or a filter chain's doFilter; api 0 jakarta.servlet, 1 javax.servlet. */
    public static Object enterServlet(Object request, Object response, int api) {
        RequestSession s = session;
        if (s == null) return null;
        try {
            if (CURRENT.get() != null) return null;
            ServletAccess access = ServletAccess.of(request, api);
            if (access == null) return null;
            String header = access.header(request);
            if (header == null && !s.watchesAll()) return null;
            // the same request again, after it went async: its first pass was the one profiled or refused
            if (access.asyncDispatch(request)) return null;
            RequestScope scope = enter(s, header, access.method(request), access.path(request), s.watchesAll() ? access.query(request) : null);
            if (scope.profiled) {
                scope.request = request;
                scope.response = response;
                scope.api = api;
            }
            return scope;
        } catch (Throwable t) {
            return null;
        }
    }

    /** An HttpHandler of the JDK's HTTP server (its handle method, or a lambda's body). */
    public static Object enterExchange(Object exchange) {
        RequestSession s = session;
        if (s == null) return null;
        try {
            if (CURRENT.get() != null) return null;
            String header = ExchangeAccess.header(exchange);
            if (header == null && !s.watchesAll()) return null;
            RequestScope scope = enter(s, header, ExchangeAccess.method(exchange), ExchangeAccess.path(exchange),
                    s.watchesAll() ? ExchangeAccess.query(exchange) : null);
            if (scope.profiled) scope.response = exchange;
            return scope;
        } catch (Throwable t) {
            return null;
        }
    }

    private static RequestScope enter(RequestSession s, String header, String method, String path, String query) {
        RequestScope scope = s.begin(header, method, path, query);
        CURRENT.set(scope);
        if (scope.profiled) open.incrementAndGet();
        return scope;
    }

    /** The response's status, read as the request ends: -1 when it cannot be read. */
    static int status(RequestScope scope) {
        if (scope.response == null) return -1;
        try {
            return scope.api >= 0 ? ServletAccess.status(scope.response, scope.api) : ExchangeAccess.status(scope.response);
        } catch (Throwable t) {
            return -1;
        }
    }

    /** Whether the request went async (a servlet's startAsync), read as its entry point returns. */
    static boolean asyncStarted(RequestScope scope) {
        return scope.api >= 0 && ServletAccess.asyncStarted(scope.request, scope.api);
    }

    public static void exit(Object token) {
        if (token == null) return;
        try {
            RequestScope scope = (RequestScope) token;
            CURRENT.remove();
            if (!scope.profiled) return;
            open.decrementAndGet();
            RequestSession s = session;
            if (s != null) s.end(scope);
        } catch (Throwable t) {
            // the request goes on unprofiled
        }
    }

    /** A Statement's execute methods; sql is null for a PreparedStatement's own. */
    public static Object sqlEnter(Object statement, String sql) {
        if (open.get() == 0) return null;
        try {
            RequestScope scope = CURRENT.get();
            if (scope == null || !scope.profiled) return null;
            if (scope.sqlDepth++ == 0) {
                scope.sqlText = sql != null ? sql : scope.preparedSql(statement);
                scope.sqlStart = System.nanoTime();
            }
            return scope;
        } catch (Throwable t) {
            return null;
        }
    }

    public static void sqlExit(Object token) {
        if (token == null) return;
        try {
            RequestScope scope = (RequestScope) token;
            if (--scope.sqlDepth == 0) scope.statementRan(scope.sqlText, System.nanoTime() - scope.sqlStart);
        } catch (Throwable t) {
            // not counted
        }
    }

    /** Connection.prepareStatement/prepareCall returned this statement for this text. */
    public static void prepared(Object statement, String sql) {
        if (open.get() == 0 || statement == null) return;
        try {
            RequestScope scope = CURRENT.get();
            if (scope != null && scope.profiled) scope.prepared(statement, sql);
        } catch (Throwable t) {
            // unknown text later
        }
    }
}
