package dev.asynctemp.junit;

import dev.asynctemp.internal.Scope;
import dev.asynctemp.internal.Scopes;
import java.util.concurrent.Executor;
import java.util.function.BooleanSupplier;

/**
 * An executor for work that is certainly in flight when the detector looks, on a quiet machine or
 * a busy one: it runs each task on a daemon thread of its own, at once until {@link #arm()} is
 * called, and from then on only once its release condition holds (checked every millisecond, for
 * at most 30 seconds), so that a test can first create what it needs.
 */
final class HeldExecutor implements Executor {

    private final BooleanSupplier released;
    private volatile boolean armed;

    private HeldExecutor(BooleanSupplier released) {
        this.released = released;
    }

    /** Holds tasks until {@code released} holds. */
    static HeldExecutor until(BooleanSupplier released) {
        return new HeldExecutor(released);
    }

    /** Holds tasks until the verdict of the calling thread's test has begun (its scope is closed). */
    static HeldExecutor untilTheVerdict() {
        Scope scope = Scopes.current();
        return new HeldExecutor(scope::isClosed);
    }

    /**
     * Holds tasks until the calling thread is seen waiting with a timeout, as a thread polling for a
     * condition does: work that stays in flight until somebody waits for it.
     */
    static HeldExecutor untilWaitedFor() {
        Thread waiter = Thread.currentThread();
        return new HeldExecutor(() -> waiter.getState() == Thread.State.TIMED_WAITING);
    }

    /** Holds back what is submitted from now on; returns {@code this}, for use in options. */
    HeldExecutor arm() {
        armed = true;
        return this;
    }

    @Override
    public void execute(Runnable task) {
        boolean hold = armed;
        var thread = new Thread(() -> {
            try {
                for (int waited = 0; hold && !released.getAsBoolean() && waited < 30_000; waited++) {
                    Thread.sleep(1);
                }
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
            task.run();
        }, "held");
        thread.setDaemon(true);
        thread.start();
    }
}
