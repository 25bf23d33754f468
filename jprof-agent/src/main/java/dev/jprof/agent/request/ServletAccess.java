package dev.jprof.agent.request;

import java.lang.reflect.Method;

/**
 * Reads an HttpServletRequest (jakarta.servlet or javax.servlet) by reflection, so the agent needs no
 * servlet API: the methods are looked up once per request class, through the public interface.
 */
final class ServletAccess {
    private static final ClassValue<ServletAccess[]> BY_CLASS = new ClassValue<ServletAccess[]>() {
        @Override
        protected ServletAccess[] computeValue(Class<?> type) {
            return new ServletAccess[] {find(type, "jakarta.servlet.http.HttpServletRequest"), find(type, "javax.servlet.http.HttpServletRequest")};
        }
    };

    private static final ClassValue<Method[]> STATUS_BY_CLASS = new ClassValue<Method[]>() {
        @Override
        protected Method[] computeValue(Class<?> type) {
            return new Method[] {status(type, "jakarta.servlet.http.HttpServletResponse"), status(type, "javax.servlet.http.HttpServletResponse")};
        }
    };

    private final Method header;
    private final Method method;
    private final Method uri;
    private Method query;
    /** Servlet 3.0's, null before it. */
    private Method asyncStarted;
    private Method dispatcherType;

    private ServletAccess(Method header, Method method, Method uri) {
        this.header = header;
        this.method = method;
        this.uri = uri;
    }

    /** The access for this request object (api 0: jakarta, 1: javax), or null when it is no HttpServletRequest. */
    static ServletAccess of(Object request, int api) {
        if (request == null) return null;
        return BY_CLASS.get(request.getClass())[api];
    }

    private static ServletAccess find(Class<?> type, String interfaceName) {
        try {
            Class<?> api = Class.forName(interfaceName, false, type.getClassLoader());
            if (!api.isAssignableFrom(type)) return null;
            ServletAccess access = new ServletAccess(api.getMethod("getHeader", String.class), api.getMethod("getMethod"), api.getMethod("getRequestURI"));
            access.query = api.getMethod("getQueryString");
            access.asyncStarted = optional(api, "isAsyncStarted");
            access.dispatcherType = optional(api, "getDispatcherType");
            return access;
        } catch (Throwable t) {
            return null;
        }
    }

    private static Method optional(Class<?> api, String name) {
        try {
            return api.getMethod(name);
        } catch (NoSuchMethodException e) {
            return null;
        }
    }

    private static Method status(Class<?> type, String interfaceName) {
        try {
            Class<?> api = Class.forName(interfaceName, false, type.getClassLoader());
            return api.isAssignableFrom(type) ? api.getMethod("getStatus") : null;
        } catch (Throwable t) {
            return null;
        }
    }

    /** The status of an HttpServletResponse (api 0: jakarta, 1: javax), or -1 when it cannot be read. */
    static int status(Object response, int api) {
        try {
            Method status = response == null ? null : STATUS_BY_CLASS.get(response.getClass())[api];
            return status == null ? -1 : (Integer) status.invoke(response);
        } catch (Throwable t) {
            return -1;
        }
    }

    /** Whether the request, as its entry point returns, goes on asynchronously (it called startAsync): false when unknown. */
    static boolean asyncStarted(Object request, int api) {
        try {
            ServletAccess access = of(request, api);
            return access != null && access.asyncStarted != null && (Boolean) access.asyncStarted.invoke(request);
        } catch (Throwable t) {
            return false;
        }
    }

    /** Whether this pass through the entry point is an async dispatch (AsyncContext.dispatch) of a request that went async before. */
    boolean asyncDispatch(Object request) throws ReflectiveOperationException {
        return dispatcherType != null && String.valueOf(dispatcherType.invoke(request)).equals("ASYNC");
    }

    String query(Object request) throws ReflectiveOperationException {
        return (String) query.invoke(request);
    }

    String header(Object request) throws ReflectiveOperationException {
        return (String) header.invoke(request, TriggerSignature.HEADER);
    }

    String method(Object request) throws ReflectiveOperationException {
        return (String) method.invoke(request);
    }

    String path(Object request) throws ReflectiveOperationException {
        return (String) uri.invoke(request);
    }
}
