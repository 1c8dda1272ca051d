package dev.asynctemp.internal;

import java.lang.invoke.MethodHandles;
import java.lang.invoke.VarHandle;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.function.LongSupplier;

/**
 * The future every file operation returns: a plain {@link CompletableFuture} whose blocking waits
 * ({@link #join()}, {@link #get()}) first watch it for a few microseconds before parking.
 *
 * <p>Why: an operation awaited on its own usually finishes within microseconds on a worker that
 * is still running. A parked caller costs a wake-up by the worker and a trip through the
 * scheduler, several times the work itself; a caller that is still watching sees the result at
 * once. The watch is bounded by {@link Spin#WAIT_NANOS}, does nothing on a single CPU, and is
 * skipped for a file whose operations have lately taken longer than that (its queue says so), and
 * then the wait is the inherited one. Futures derived from this one ({@code thenApply},
 * {@code copy}, ...) watch as long.
 *
 * @param <T> the result type
 */
public final class OpFuture<T> extends CompletableFuture<T> {

    private static final LongSupplier ALWAYS = () -> Spin.WAIT_NANOS;

    /** How long a blocking wait watches first, in nanoseconds. */
    private final LongSupplier watch;

    /** No dependent has been asked for yet. */
    private static final int OPEN = 0;
    /** A dependent may exist: completing may run code chained on this future. */
    private static final int DEPENDED = 1;
    /** Sealed by {@link #sealIfNoDependents()}: completed next, with nothing chained on it. */
    private static final int SEALED = 2;
    private static final VarHandle STATE;

    static {
        try {
            STATE = MethodHandles.lookup().findVarHandle(OpFuture.class, "state", int.class);
        } catch (ReflectiveOperationException e) {
            throw new ExceptionInInitializerError(e);
        }
    }

    private volatile int state;

    /** What a thread about to park on this future (or one derived from it) calls first. */
    private final Runnable beforeBlocking;

    /** Creates an incomplete future that watches for {@link Spin#WAIT_NANOS} before parking. */
    public OpFuture() {
        this(ALWAYS, () -> { });
    }

    /**
     * Creates an incomplete future.
     *
     * @param watch how long a blocking wait watches first, in nanoseconds; asked at each wait
     * @param beforeBlocking run by a thread that is about to park on this future or on one derived
     *     from it: the file's queue makes sure a runner is coming (see
     *     {@link SerialQueue#beforeBlocking()})
     */
    OpFuture(LongSupplier watch, Runnable beforeBlocking) {
        this.watch = watch;
        this.beforeBlocking = beforeBlocking;
    }

    @Override
    public T join() {
        awaitBriefly(watch.getAsLong());
        return super.join();
    }

    @Override
    public T get() throws InterruptedException, ExecutionException {
        awaitBriefly(watch.getAsLong());
        return super.get();
    }

    @Override
    public T get(long timeout, TimeUnit unit) throws InterruptedException, ExecutionException, TimeoutException {
        awaitBriefly(Math.min(watch.getAsLong(), unit.toNanos(timeout)));
        return super.get(timeout, unit);
    }

    private void awaitBriefly(long nanos) {
        Spin.awaitBriefly(this, nanos);
        if (!isDone()) {
            beforeBlocking.run();
        }
    }

    /**
     * Every stage chained on this future ({@code thenApply}, {@code whenComplete}, {@code copy},
     * ...) is made here first. Marks this future as depended on; if it is sealed, waits until the
     * completion under way is done (a few instructions of the library's, no user code), so that
     * the stage's action then runs on the calling thread and never on the thread completing it.
     */
    @Override
    public <U> CompletableFuture<U> newIncompleteFuture() {
        while (true) {
            int now = state;
            if (now == SEALED) {
                for (int i = 1; !isDone(); i++) {
                    if ((i & 63) == 0) {
                        Thread.yield();
                    } else {
                        Thread.onSpinWait();
                    }
                }
                break;
            }
            if (now == DEPENDED || STATE.compareAndSet(this, OPEN, DEPENDED)) {
                break;
            }
        }
        return new OpFuture<>(watch, beforeBlocking);
    }

    /**
     * Called by the thread about to complete this future, right before: seals it if nothing is
     * chained on it yet, so that nothing can be chained through {@link #newIncompleteFuture()}
     * until it is complete. A thread waiting in {@code join()} or {@code get()} counts as chained
     * (the JDK's count does not tell them apart), which only costs a backup runner.
     *
     * <p>One way around the seal remains: {@code other.thenCombine(this, ...)} and the like, or
     * {@code allOf(this, ...)}, push onto this future without asking it; if another thread does
     * that between this check and the completion (a window of a few instructions), its action runs
     * on the completing thread. {@link SerialQueue#beforeBlocking()} keeps even that from hanging a file when
     * the action blocks on another operation of it.
     *
     * @return whether it is sealed: the caller must complete it now, running no user code first
     */
    boolean sealIfNoDependents() {
        if (getNumberOfDependents() != 0 || !STATE.compareAndSet(this, OPEN, SEALED)) {
            return false;
        }
        if (getNumberOfDependents() != 0) {
            state = DEPENDED;
            return false;
        }
        return true;
    }
}
