package dev.jprof.testapps.web;

import javax.servlet.http.HttpServlet;
import javax.servlet.http.HttpServletRequest;
import javax.servlet.http.HttpServletResponse;

import java.io.IOException;

/** {@link TextServlet}'s synchronous part on javax.servlet (Servlet 4), for the javax test server. */
final class JavaxTextServlet extends HttpServlet {
    private final transient Answer answer;

    JavaxTextServlet(Answer answer) {
        this.answer = answer;
    }

    @Override
    protected void doGet(HttpServletRequest request, HttpServletResponse response) throws IOException {
        String text;
        try {
            text = answer.text();
        } catch (Exception e) {
            throw new IOException(e);
        }
        response.setContentType("text/plain");
        response.getWriter().write(text);
    }
}
