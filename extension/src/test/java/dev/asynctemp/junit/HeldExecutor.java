package dev.asynctemp.junit;

import java.util.concurrent.Executor;
import java.util.function.BooleanSupplier;

/**
 * An executor for fixtures that need work certainly in flight at a chosen moment: it runs each task
 * on a daemon thread of its own, at once until {@link #arm()} is called, and from then on only
 * once its release condition holds (checked every millisecond, for at most 30 seconds).
 */
final class HeldExecutor implements Executor {

    private final BooleanSupplier released;
    private volatile boolean armed;

    HeldExecutor(BooleanSupplier released) {
        this.released = released;
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
