package dev.jprof.testapps.web;

import java.util.ArrayList;
import java.util.List;

/** An endpoint of the Jakarta test servers: its path, and the {@link TextServlet} init parameters that serve it. */
final class TextEndpoint {
    final String path;
    final String answer;
    final TextServlet.Mode mode;

    private TextEndpoint(String path, String answer, TextServlet.Mode mode) {
        this.path = path;
        this.answer = answer;
        this.mode = mode;
    }

    /** Every path of {@link Answer#byPath}, and /async and /async-dispatch: /split's work on another thread ({@link TextServlet.Mode}). */
    static List<TextEndpoint> all() {
        List<TextEndpoint> endpoints = new ArrayList<>();
        for (String path : Answer.byPath().keySet()) endpoints.add(new TextEndpoint(path, path, TextServlet.Mode.SYNC));
        endpoints.add(new TextEndpoint("/async", "/split", TextServlet.Mode.ASYNC_COMPLETE));
        endpoints.add(new TextEndpoint("/async-dispatch", "/split", TextServlet.Mode.ASYNC_DISPATCH));
        return endpoints;
    }

    boolean async() {
        return mode != TextServlet.Mode.SYNC;
    }
}
