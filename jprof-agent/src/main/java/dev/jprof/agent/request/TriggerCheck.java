package dev.jprof.agent.request;

import java.util.HashMap;
import java.util.Iterator;
import java.util.Map;
import java.util.concurrent.atomic.AtomicLong;

/**
 * Decides whether a request's trigger header lets it be profiled: a right signature, not expired (nor
 * further ahead than {@link #MAX_AHEAD_SECONDS}), a nonce not seen before. Counts the refusals.
 */
final class TriggerCheck {
    static final long MAX_AHEAD_SECONDS = 600;
    /** Nonces remembered until their expiry; beyond this many at once, triggers are refused. */
    static final int MAX_NONCES = 10_000;

    enum Verdict { PROFILE, FORGED, EXPIRED, REPLAYED }

    private final byte[] key;
    private final Map<String, Long> nonces = new HashMap<>();
    final AtomicLong forged = new AtomicLong();
    final AtomicLong expired = new AtomicLong();
    final AtomicLong replayed = new AtomicLong();

    TriggerCheck(byte[] key) {
        this.key = key.clone();
    }

    Verdict check(String header, String method, String path, long nowSeconds) {
        TriggerSignature.Parts parts = TriggerSignature.parse(header);
        if (parts == null || !TriggerSignature.valid(key, method, path, parts) || parts.expirySeconds > nowSeconds + MAX_AHEAD_SECONDS) {
            forged.incrementAndGet();
            return Verdict.FORGED;
        }
        if (parts.expirySeconds < nowSeconds) {
            expired.incrementAndGet();
            return Verdict.EXPIRED;
        }
        synchronized (nonces) {
            for (Iterator<Long> it = nonces.values().iterator(); it.hasNext(); ) {
                if (it.next() < nowSeconds) it.remove();
            }
            if (nonces.containsKey(parts.nonce) || nonces.size() >= MAX_NONCES) {
                replayed.incrementAndGet();
                return Verdict.REPLAYED;
            }
            nonces.put(parts.nonce, parts.expirySeconds);
        }
        return Verdict.PROFILE;
    }

    /** The nonce of a header already checked. */
    static String nonce(String header) {
        TriggerSignature.Parts parts = TriggerSignature.parse(header);
        return parts == null ? "" : parts.nonce;
    }
}
