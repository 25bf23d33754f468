package dev.jprof.testapps.web;

import jakarta.servlet.AsyncContext;
import jakarta.servlet.http.HttpServlet;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;

import java.io.IOException;

/**
 * A Jakarta servlet answering a text, registered by class name by every Jakarta test server (so that a server can load
 * it, and the work it calls, through a web application's class loader), with its init parameters {@value #ANSWER}
 * (a path of {@link Answer#byPath}) and {@value #MODE}.
 */
public final class TextServlet extends HttpServlet {
    static final String ANSWER = "answer";
    static final String MODE = "mode";

    enum Mode {
        /** On the request's thread. */
        SYNC,
        /** Starts async and returns at once: a thread of its own computes the text, writes it and completes the request. */
        ASYNC_COMPLETE,
        /** Starts async and returns at once: a thread of its own computes the text and dispatches the request back, to write it. */
        ASYNC_DISPATCH
    }

    private static final String TEXT = "dev.jprof.testapps.web.text";
    private transient Answer answer;
    private Mode mode;

    @Override
    public void init() {
        answer = Answer.byPath().get(getInitParameter(ANSWER));
        mode = Mode.valueOf(getInitParameter(MODE));
    }

    @Override
    protected void doGet(HttpServletRequest request, HttpServletResponse response) throws IOException {
        if (mode == Mode.SYNC) {
            write(response, text());
            return;
        }
        if (request.getAttribute(TEXT) != null) {
            write(response, (String) request.getAttribute(TEXT));
            return;
        }
        AsyncContext context = request.startAsync();
        context.setTimeout(60_000);
        new Thread(() -> {
            try {
                String text = text();
                if (mode == Mode.ASYNC_DISPATCH) {
                    request.setAttribute(TEXT, text);
                    context.dispatch();
                    return;
                }
                write((HttpServletResponse) context.getResponse(), text);
                context.complete();
            } catch (IOException e) {
                ((HttpServletResponse) context.getResponse()).setStatus(500);
                context.complete();
            }
        }, "async-answer").start();
    }

    private String text() throws IOException {
        try {
            return answer.text();
        } catch (Exception e) {
            throw new IOException(e);
        }
    }

    private static void write(HttpServletResponse response, String text) throws IOException {
        response.setContentType("text/plain");
        response.getWriter().write(text);
    }
}
