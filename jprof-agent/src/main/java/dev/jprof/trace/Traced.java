package dev.jprof.trace;

import java.lang.annotation.Documented;
import java.lang.annotation.ElementType;
import java.lang.annotation.Retention;
import java.lang.annotation.RetentionPolicy;
import java.lang.annotation.Target;

/**
 * Traces everything that runs under the annotated methods (every method of an annotated class), and
 * prints cProfile's table when the JVM exits, like profilehooks' {@code @profile}. Takes effect with
 * jprof's agent: {@code java -javaagent:jprof.jar=trace=wall,root=@Traced -cp app.jar:jprof.jar Main}
 * (or {@code jprof trace --root @Traced -- java ...}); without it the annotation does nothing.
 */
@Documented
@Retention(RetentionPolicy.CLASS)
@Target({ElementType.METHOD, ElementType.CONSTRUCTOR, ElementType.TYPE})
public @interface Traced {
}
