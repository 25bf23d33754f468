package dev.jprof.agent.request;

import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.security.MessageDigest;
import java.util.Base64;

import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;

/**
 * The signed trigger of {@code jprof request}: the header {@value #HEADER} with the value
 * {@code v1:EXPIRY:NONCE:SIGNATURE}, where SIGNATURE is the HMAC-SHA256, under the profiling user's secret,
 * of the request's method, path (without the query), expiry (epoch seconds) and nonce. Shared by the
 * client that signs and the agent that checks.
 */
public final class TriggerSignature {
    public static final String HEADER = "X-Jprof-Trigger";
    private static final String VERSION = "v1";
    private static final String ALGORITHM = "HmacSHA256";

    private TriggerSignature() {
    }

    /** The header value for a request. */
    public static String sign(byte[] key, String method, String path, long expirySeconds, String nonce) {
        return VERSION + ":" + expirySeconds + ":" + nonce + ":" + mac(key, method, path, expirySeconds, nonce);
    }

    /** The parts of a header value, or null when it is not one. */
    static Parts parse(String value) {
        String[] f = value.trim().split(":", -1);
        if (f.length != 4 || !f[0].equals(VERSION) || f[2].isEmpty() || f[2].length() > 64 || f[3].isEmpty()) return null;
        try {
            return new Parts(Long.parseLong(f[1]), f[2], f[3]);
        } catch (NumberFormatException e) {
            return null;
        }
    }

    /** Whether the signature is right for this request (compared in constant time). */
    static boolean valid(byte[] key, String method, String path, Parts parts) {
        byte[] expected = mac(key, method, path, parts.expirySeconds, parts.nonce).getBytes(StandardCharsets.US_ASCII);
        return MessageDigest.isEqual(expected, parts.signature.getBytes(StandardCharsets.US_ASCII));
    }

    private static String mac(byte[] key, String method, String path, long expirySeconds, String nonce) {
        try {
            Mac mac = Mac.getInstance(ALGORITHM);
            mac.init(new SecretKeySpec(key, ALGORITHM));
            String message = "jprof-request-" + VERSION + "\n" + method + "\n" + path + "\n" + expirySeconds + "\n" + nonce;
            return Base64.getUrlEncoder().withoutPadding().encodeToString(mac.doFinal(message.getBytes(StandardCharsets.UTF_8)));
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("HMAC-SHA256 is not available: " + e.getMessage(), e);
        }
    }

    static final class Parts {
        final long expirySeconds;
        final String nonce;
        final String signature;

        Parts(long expirySeconds, String nonce, String signature) {
            this.expirySeconds = expirySeconds;
            this.nonce = nonce;
            this.signature = signature;
        }
    }
}
