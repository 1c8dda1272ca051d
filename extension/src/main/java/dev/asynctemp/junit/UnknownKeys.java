package dev.asynctemp.junit;

import java.io.PrintStream;
import java.util.Comparator;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;

/**
 * Warns about {@code asynctemp.*} configuration keys that asynctemp does not know, once per key and
 * JVM, naming the nearest valid key: a misspelt {@code asynctemp.leaks.failRun=true} would otherwise
 * be ignored without a word.
 */
final class UnknownKeys {

    private static final String PREFIX = "asynctemp.";
    private static final Set<String> WARNED = ConcurrentHashMap.newKeySet();

    private UnknownKeys() {
    }

    /** Prints one line per unknown key among {@code keys} not warned about before in this JVM. */
    static void warnOnce(Set<String> keys, PrintStream out) {
        keys.stream().filter(key -> key.startsWith(PREFIX) && !Configuration.KEYS.contains(key)).sorted()
                .filter(WARNED::add)
                .forEach(key -> out.println("asynctemp: unknown configuration key '" + key + "' is ignored; did you "
                        + "mean '" + nearest(key) + "'? Known keys: " + String.join(", ", Configuration.KEYS)));
    }

    /**
     * Forgets that {@code keys} were warned about, so a test that checks the warning holds when it
     * runs again in the same JVM (a mutation tester's minion runs each test many times).
     */
    static void forget(Set<String> keys) {
        WARNED.removeAll(keys);
    }

    static String nearest(String key) {
        return Configuration.KEYS.stream().min(Comparator.comparingInt((String known) -> distance(
                key.toLowerCase(java.util.Locale.ROOT), known)).thenComparing(Comparator.naturalOrder())).orElseThrow();
    }

    /** The Levenshtein distance: single-character insertions, deletions and substitutions. */
    static int distance(String a, String b) {
        int[] previous = new int[b.length() + 1];
        int[] current = new int[b.length() + 1];
        for (int j = 0; j <= b.length(); j++) {
            previous[j] = j;
        }
        for (int i = 1; i <= a.length(); i++) {
            current[0] = i;
            for (int j = 1; j <= b.length(); j++) {
                int substitution = previous[j - 1] + (a.charAt(i - 1) == b.charAt(j - 1) ? 0 : 1);
                current[j] = Math.min(substitution, Math.min(previous[j] + 1, current[j - 1] + 1));
            }
            int[] swap = previous;
            previous = current;
            current = swap;
        }
        return previous[b.length()];
    }
}
