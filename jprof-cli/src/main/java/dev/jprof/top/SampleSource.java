package dev.jprof.top;

/** Where top's samples come from; closing it leaves the JVM as it was. Closing twice is harmless. */
interface SampleSource extends AutoCloseable {
    /** For the header: what samples and how. */
    String engine();

    @Override
    void close();
}
