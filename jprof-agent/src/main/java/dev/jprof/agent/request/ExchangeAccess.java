package dev.jprof.agent.request;

import com.sun.net.httpserver.HttpExchange;

/** Reads the JDK HTTP server's exchange; loaded only when a hooked handler runs, so a JVM without jdk.httpserver never links it. */
final class ExchangeAccess {
    private ExchangeAccess() {
    }

    static String header(Object exchange) {
        if (!(exchange instanceof HttpExchange)) return null;
        return ((HttpExchange) exchange).getRequestHeaders().getFirst(TriggerSignature.HEADER);
    }

    static String method(Object exchange) {
        return ((HttpExchange) exchange).getRequestMethod();
    }

    static String query(Object exchange) {
        return ((HttpExchange) exchange).getRequestURI().getRawQuery();
    }

    /** The status sent, or -1 before the response headers went out. */
    static int status(Object exchange) {
        return ((HttpExchange) exchange).getResponseCode();
    }

    static String path(Object exchange) {
        return ((HttpExchange) exchange).getRequestURI().getRawPath();
    }
}
