package dev.jprof.testapps.web;

import java.util.LinkedHashMap;
import java.util.Map;

/** What an endpoint of the servlet test servers answers: a text, computed on the thread that runs it. */
interface Answer {
    String text() throws Exception;

    /** The endpoints every servlet test server has, by path. */
    static Map<String, Answer> byPath() {
        Map<String, Answer> answers = new LinkedHashMap<>();
        answers.put("/split", SplitWork::run);
        answers.put("/sql", SqlWork::run);
        answers.put("/hello", () -> "hello\n");
        return answers;
    }
}
