package dev.asynctemp.junit;

import dev.asynctemp.internal.Scope;
import dev.asynctemp.internal.Scopes;
import java.util.concurrent.Executor;
import java.util.function.BooleanSupplier;

/**
 * An executor for work that is certainly in flight when the detector looks, on a quiet machine or
 * a busy one: once armed, it holds every task back until a condition holds, then runs it on a
 * thread of its own. Before it is armed it runs tasks at once, so that a test can first create what
 * it needs.
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
    HeldExecutor armed() {
        armed = true;
        return this;
    }

    @Override
    public void execute(Runnable task) {
        boolean hold = armed;
        var thread = new Thread(() -> {
            try {
                while (hold && !released.getAsBoolean()) {
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
