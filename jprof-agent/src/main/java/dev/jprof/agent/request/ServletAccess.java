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

    private final Method header;
    private final Method method;
    private final Method uri;

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
            return new ServletAccess(api.getMethod("getHeader", String.class), api.getMethod("getMethod"), api.getMethod("getRequestURI"));
        } catch (Throwable t) {
            return null;
        }
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
