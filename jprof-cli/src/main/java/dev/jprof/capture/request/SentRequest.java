package dev.jprof.capture.request;

import java.net.URI;

/** A request {@code jprof request} sent, as the client saw it: its status, body size and time to the response's end. */
public record SentRequest(int number, String method, URI uri, String nonce, int status, long bodyBytes, long clientNanos) {
}
