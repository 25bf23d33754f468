package dev.jprof.agent.request;

import jdk.jfr.Category;
import jdk.jfr.Description;
import jdk.jfr.Event;
import jdk.jfr.Label;
import jdk.jfr.Name;
import jdk.jfr.StackTrace;

/**
 * A profiled request's window on its thread, in JFR's own clock: the reader keeps the samples of the event's
 * thread between its start and end, with no clock of the agent's to line up with JFR's.
 */
@Name(RequestWindowEvent.NAME)
@Label("jprof Request Window")
@Category("jprof")
@Description("A request profiled by jprof: its thread, from its entry point to its end")
@StackTrace(false)
final class RequestWindowEvent extends Event {
    static final String NAME = "jprof.RequestWindow";

    @Label("Nonce")
    @Description("The nonce of the request's trigger")
    String nonce;
}
