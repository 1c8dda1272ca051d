package dev.asynctemp.internal;

import java.util.concurrent.CompletableFuture;
import java.util.function.BooleanSupplier;

/**
 * Bounded busy-waiting, for the hand-over between a caller and a worker: how long each side keeps
 * watching before it parks. Both bounds were chosen by measurement (see benchmarks/README.md):
 * long enough to cover the few microseconds a small operation, or a caller's next call, takes;
 * short enough that an idle file costs nothing noticeable. On a single CPU nothing spins: the
 * thread being waited for would need the very CPU the spinning takes.
 */
final class Spin {

    /** Whether spinning can help at all: another CPU must be there to finish the work. */
    static final boolean MULTI_CPU = Runtime.getRuntime().availableProcessors() > 1;

    /** How long a caller blocked on an operation's future watches it before parking. */
    static final long WAIT_NANOS = MULTI_CPU ? 50_000 : 0;

    /** How long a worker of the library's own executor waits for its file's next operation. */
    static final long HOT_NANOS = MULTI_CPU ? 50_000 : 0;

    private Spin() {
    }

    /** Watches {@code future} until it is done or {@code maxNanos} have passed. */
    static void awaitBriefly(CompletableFuture<?> future, long maxNanos) {
        until(future::isDone, maxNanos);
    }

    /**
     * Spins until {@code condition} holds or {@code maxNanos} have passed.
     *
     * @return whether the condition held
     */
    static boolean until(BooleanSupplier condition, long maxNanos) {
        if (condition.getAsBoolean()) {
            return true;
        }
        if (maxNanos <= 0) {
            return false;
        }
        long deadline = System.nanoTime() + maxNanos;
        for (int i = 1; ; i++) {
            Thread.onSpinWait();
            if (condition.getAsBoolean()) {
                return true;
            }
            if ((i & 31) == 0 && System.nanoTime() - deadline > 0) {
                return false;
            }
        }
    }
}
