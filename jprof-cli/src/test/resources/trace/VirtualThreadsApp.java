import java.util.ArrayList;
import java.util.List;

/**
 * JDK 21+ (compiled by TraceIT with JDK 25): 5 rounds of 20,000 virtual threads, each calling work()
 * 3 times; after each round the heap in use after a GC goes to stderr as "heap ROUND BYTES".
 */
public class VirtualThreadsApp {
    static final int ROUNDS = 5;
    static final int THREADS = 20_000;

    static long work(long x) {
        return x * 31 + 7;
    }

    static void task(long i) {
        for (int k = 0; k < 3; k++) work(i + k);
    }

    public static void main(String[] args) throws Exception {
        Runtime runtime = Runtime.getRuntime();
        for (int round = 0; round < ROUNDS; round++) {
            List<Thread> threads = new ArrayList<>(THREADS);
            for (int t = 0; t < THREADS; t++) {
                long i = t;
                threads.add(Thread.ofVirtual().start(() -> task(i)));
            }
            for (Thread thread : threads) thread.join();
            threads = null;
            System.gc();
            Thread.sleep(100);
            System.gc();
            System.err.println("heap " + round + " " + (runtime.totalMemory() - runtime.freeMemory()));
        }
        System.out.println("done " + ROUNDS * THREADS);
    }
}
