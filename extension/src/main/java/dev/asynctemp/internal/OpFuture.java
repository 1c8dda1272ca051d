package dev.asynctemp.internal;

import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.Executor;
import java.util.concurrent.ForkJoinPool;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicReference;
import java.util.concurrent.locks.LockSupport;
import java.util.function.LongSupplier;
import java.util.function.Supplier;

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
    private final AtomicInteger state = new AtomicInteger(OPEN);

    /**
     * How long a stage chained on a sealed future waits for its completion at most: 100 ms, far
     * beyond the few instructions a completion takes, and beyond most times a loaded machine
     * keeps a thread off its CPU.
     */
    static final long SEALED_WAIT_NANOS = 100_000_000;

    /** What a thread about to park on this future (or one derived from it) calls first. */
    private final Runnable beforeBlocking;
    /** How long a stage chained while this future is sealed waits for its completion at most. */
    private final long sealedWaitNanos;

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
        this(watch, beforeBlocking, SEALED_WAIT_NANOS);
    }

    /** As above, with another bound for the wait of a stage chained while sealed; for tests. */
    OpFuture(LongSupplier watch, Runnable beforeBlocking, long sealedWaitNanos) {
        this(watch, beforeBlocking, sealedWaitNanos, new Joiners());
    }

    private OpFuture(LongSupplier watch, Runnable beforeBlocking, long sealedWaitNanos, Joiners joiners) {
        this.watch = watch;
        this.beforeBlocking = beforeBlocking;
        this.sealedWaitNanos = sealedWaitNanos;
        this.joiners = joiners;
    }

    /**
     * Threads blocked in {@link #join()} on an operation's own future wait here, beside the JDK's
     * stack of dependents rather than on it, so that {@link #sealIfNoDependents()} can tell them
     * from code chained on the future: a join only needs waking, and costs the queue no backup
     * runner. {@code null} on other futures (derived stages, which the JDK completes internally),
     * which wait the JDK's way.
     */
    private final Joiners joiners;

    /**
     * Waits like {@link CompletableFuture#join()}, of which it keeps every outcome (the result, a
     * {@link java.util.concurrent.CompletionException} or a
     * {@link java.util.concurrent.CancellationException}): uninterruptible, the interrupt status kept,
     * and, on a {@link ForkJoinPool} worker, a managed block so the pool can compensate.
     */
    @Override
    public T join() {
        awaitBriefly(watch.getAsLong());
        if (joiners != null && !isDone()) {
            joiners.await(this);
        }
        return super.join();
    }

    // Every way an operation's own future completes goes through these (the JDK's timeouts call
    // complete and completeExceptionally): each wakes the threads blocked in join().

    @Override
    public boolean complete(T value) {
        try {
            return super.complete(value);
        } finally {
            wakeJoiners();
        }
    }

    @Override
    public boolean completeExceptionally(Throwable failure) {
        try {
            return super.completeExceptionally(failure);
        } finally {
            wakeJoiners();
        }
    }

    @Override
    public boolean cancel(boolean mayInterruptIfRunning) {
        try {
            return super.cancel(mayInterruptIfRunning);
        } finally {
            wakeJoiners();
        }
    }

    @Override
    public void obtrudeValue(T value) {
        try {
            super.obtrudeValue(value);
        } finally {
            wakeJoiners();
        }
    }

    @Override
    public void obtrudeException(Throwable failure) {
        try {
            super.obtrudeException(failure);
        } finally {
            wakeJoiners();
        }
    }

    /** Completes through {@link #complete} (the JDK's own would complete without waking joiners). */
    @Override
    public CompletableFuture<T> completeAsync(Supplier<? extends T> supplier, Executor executor) {
        java.util.Objects.requireNonNull(supplier, "supplier");
        executor.execute(() -> {
            try {
                complete(supplier.get());
            } catch (Throwable t) {
                completeExceptionally(t);
            }
        });
        return this;
    }

    @Override
    public CompletableFuture<T> completeAsync(Supplier<? extends T> supplier) {
        return completeAsync(supplier, defaultExecutor());
    }

    private void wakeJoiners() {
        if (joiners != null) {
            joiners.wake();
        }
    }

    /** The threads blocked in {@code join()} on one future: a lock-free stack, emptied on completion. */
    private static final class Joiners {
        private final AtomicReference<Joiner> top = new AtomicReference<>();

        /** Blocks until {@code future} is done; uninterruptible, as {@code join()}. */
        void await(CompletableFuture<?> future) {
            var joiner = new Joiner(future);
            Joiner next;
            do {
                next = top.get();
                joiner.next = next;
            } while (!top.compareAndSet(next, joiner));
            // Pushed before looking: a completion after this look wakes it.
            while (!future.isDone()) {
                try {
                    ForkJoinPool.managedBlock(joiner);
                } catch (InterruptedException e) {
                    joiner.interrupted = true;
                }
            }
            if (joiner.interrupted) {
                Thread.currentThread().interrupt();
            }
        }

        void wake() {
            // Usually nobody joins: a read, not a write, on every completion. A joiner pushes
            // before it looks at the result, and the result is set before this look (both
            // volatile), so one of the two always sees the other.
            if (top.get() == null) {
                return;
            }
            for (Joiner joiner = top.getAndSet(null); joiner != null; joiner = joiner.next) {
                LockSupport.unpark(joiner.thread);
            }
        }
    }

    private static final class Joiner implements ForkJoinPool.ManagedBlocker {
        final Thread thread = Thread.currentThread();
        final CompletableFuture<?> future;
        Joiner next;
        boolean interrupted;

        Joiner(CompletableFuture<?> future) {
            this.future = future;
        }

        @Override
        public boolean isReleasable() {
            return future.isDone();
        }

        @Override
        public boolean block() {
            if (!future.isDone()) {
                LockSupport.park(this);
            }
            // An interrupt ends park at once: keep it for later, or this would spin.
            if (Thread.interrupted()) {
                interrupted = true;
            }
            return future.isDone();
        }
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
     * Every stage chained on this future by its own methods ({@code thenApply},
     * {@code whenComplete}, {@code copy}, {@code orTimeout}, ...) is made here before it is pushed
     * onto this future: see {@link #dependOn()}.
     */
    @Override
    public <U> CompletableFuture<U> newIncompleteFuture() {
        dependOn();
        return new OpFuture<>(watch, beforeBlocking, sealedWaitNanos, null);
    }

    /**
     * The JDK asks for this before pushing a stage onto this future from elsewhere: the future a
     * {@code thenCompose} function returned, or the other side of {@code thenCombine},
     * {@code applyToEither} and the like. See {@link #dependOn()}.
     */
    @Override
    public CompletableFuture<T> toCompletableFuture() {
        dependOn();
        return this;
    }

    /** Pushes its stage directly, so it marks this future first. See {@link #dependOn()}. */
    @Override
    public CompletionStage<T> minimalCompletionStage() {
        dependOn();
        return super.minimalCompletionStage();
    }

    /**
     * Marks this future as depended on, before a stage is pushed onto it. If it is sealed, first
     * waits until the completion under way is done (library code only, no user code), so that the
     * stage's action then runs on the calling thread and never on the thread completing it. The
     * wait is bounded ({@link #SEALED_WAIT_NANOS} by default): should the completing thread be
     * held up longer (descheduled, or struck by an error), the stage is pushed anyway, and the
     * file's queue copes as it does with {@code allOf} (see {@link #sealIfNoDependents()}).
     */
    private void dependOn() {
        // The witness tells what it was: open (now depended on), depended on already, or sealed.
        if (state.compareAndExchange(OPEN, DEPENDED) == SEALED) {
            Spin.until(this::isDone, sealedWaitNanos);
            state.set(DEPENDED);
        }
    }

    /**
     * Called by the thread about to complete this future, right before: seals it if nothing is
     * chained on it yet, so that nothing can be chained through {@link #newIncompleteFuture()}
     * until it is complete. A thread blocked in {@code join()} does not count (it waits beside the
     * stack, see {@link #join()}); one in {@code get()} counts as chained (the JDK's count does not
     * tell it apart), which only costs a backup runner.
     *
     * <p>Ways around the seal remain: {@code allOf(this, ...)} and {@code anyOf(this, ...)} push
     * onto this future without asking it, and a completing thread held up past
     * {@link #SEALED_WAIT_NANOS} lets a waiting stage through; if that happens between this check
     * and the completion (the completing thread descheduled in between), the stage's action runs
     * on the completing thread. {@link SerialQueue#beforeBlocking()} keeps that from hanging the
     * file when the action, or any thread, then waits for a later operation of it.
     *
     * @return whether it is sealed: the caller must complete it now, running no user code first
     */
    boolean sealIfNoDependents() {
        return getNumberOfDependents() == 0 && state.compareAndSet(OPEN, SEALED);
    }
}
