package dev.asynctemp.junit;

import dev.asynctemp.internal.Scope;
import dev.asynctemp.internal.Scopes;
import java.time.Duration;
import java.util.List;
import java.util.Objects;

/**
 * Checks for temporary-artifact leaks in the middle of a test, the way the leak detector checks at
 * its end: {@code mkstemp} files, {@code mkdtemp} directories and {@code delete=false} files or
 * directories still on disk, file objects still open. Injected parameters never count.
 *
 * <pre>{@code
 * @Test
 * void importerCleansUpAfterItself() {
 *     importer.run(input);
 *     TempLeaks.assertNoLeaks(Duration.ofSeconds(2));   // its async cleanup may still be running
 * }
 * }</pre>
 *
 * <p>Only from code running for a test of a class that uses {@link AsyncTempExtension} (its own
 * thread, threads it started, or the library's workers).
 *
 * @since 0.1.0
 */
public final class TempLeaks {

    private TempLeaks() {
    }

    /**
     * Fails now if the current test has leaked anything so far.
     *
     * @throws TempFileLeakException listing what leaked; nothing is removed
     * @throws IllegalStateException if not called for a test using {@link AsyncTempExtension}
     */
    public static void assertNoLeaks() {
        assertNoLeaks(Duration.ZERO);
    }

    /**
     * Fails if the current test's leaks have not all gone within {@code atMost}: waits (polling with
     * Awaitility) for async cleanup in flight, and returns as soon as nothing is left.
     *
     * @param atMost how long to wait for cleanup in flight
     * @throws TempFileLeakException listing what is still there; nothing is removed
     * @throws IllegalStateException if not called for a test using {@link AsyncTempExtension}
     * @throws IllegalArgumentException if {@code atMost} is negative
     */
    public static void assertNoLeaks(Duration atMost) {
        Objects.requireNonNull(atMost, "atMost must not be null");
        if (atMost.isNegative()) {
            throw new IllegalArgumentException("atMost must not be negative, but was " + atMost);
        }
        var left = LeakVerdict.leaksWithin(currentScope(), atMost);
        if (!left.isEmpty()) {
            throw new TempFileLeakException((left.size() == 1 ? "1 temporary artifact" : left.size()
                    + " temporary artifacts") + " not cleaned up" + (atMost.isZero() ? "" : " within " + atMost) + ":",
                    Leaks.describe(left), "");
        }
    }

    /**
     * Returns what the current test has leaked so far.
     *
     * @return the leaked artifacts, in creation order; empty if none
     * @throws IllegalStateException if not called for a test using {@link AsyncTempExtension}
     */
    public static List<LeakedArtifact> leaks() {
        return Leaks.describe(currentScope().leaks());
    }

    private static Scope currentScope() {
        Scope scope = Scopes.current();
        if (scope == null) {
            throw new IllegalStateException("TempLeaks needs a test of a class that uses AsyncTempExtension: "
                    + "no test is bound to thread " + Thread.currentThread().getName());
        }
        return scope;
    }
}
