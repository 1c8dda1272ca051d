package dev.asynctemp.internal;

import java.security.NoSuchAlgorithmException;
import java.security.SecureRandom;

/**
 * Random parts of temporary names: 16 characters from a 32-letter lower-case alphabet, 80 bits from
 * a non-blocking {@link SecureRandom}. Lower case only, so names stay distinct on case-insensitive
 * file systems.
 */
public final class Names {

    /** Length of the random part of every name. */
    public static final int RANDOM_CHARS = 16;

    private static final char[] ALPHABET = "abcdefghijklmnopqrstuvwxyz234567".toCharArray();

    private static final SecureRandom RANDOM = nonBlockingRandom();

    private Names() {
    }

    /**
     * Returns {@code prefix + random + suffix}.
     *
     * @param prefix the validated prefix
     * @param suffix the validated suffix
     * @return a fresh name
     */
    public static String next(String prefix, String suffix) {
        byte[] bits = new byte[RANDOM_CHARS * 5 / 8];
        RANDOM.nextBytes(bits);
        var name = new StringBuilder(prefix.length() + RANDOM_CHARS + suffix.length()).append(prefix);
        // Read the 80 bits five at a time, one letter each.
        long buffer = 0;
        int buffered = 0;
        for (byte b : bits) {
            buffer = (buffer << 8) | (b & 0xff);
            buffered += 8;
            while (buffered >= 5) {
                buffered -= 5;
                name.append(ALPHABET[(int) (buffer >>> buffered) & 31]);
            }
        }
        return name.append(suffix).toString();
    }

    /** Returns the algorithm used, for diagnostics and tests. */
    static String algorithm() {
        return RANDOM.getAlgorithm();
    }

    private static SecureRandom nonBlockingRandom() {
        try {
            // Reads /dev/urandom only: never blocks waiting for entropy, even right after boot.
            return SecureRandom.getInstance("NativePRNGNonBlocking");
        } catch (NoSuchAlgorithmException notUnix) {
            try {
                // Windows and other platforms: the DRBG, seeded once from the system's source.
                return SecureRandom.getInstance("DRBG");
            } catch (NoSuchAlgorithmException noDrbg) {
                return new SecureRandom();
            }
        }
    }
}
