package dev.asynctemp.internal;

import java.io.IOException;
import java.util.ArrayDeque;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.Executor;
import java.util.concurrent.RejectedExecutionException;
import java.util.function.BooleanSupplier;
import java.util.function.Supplier;

/**
 * Runs the operations of one file one at a time, in the order they were submitted, on a shared
 * executor; after {@link #submitLast}, refuses new work. This is what lets a caller fire
 * {@code write}, {@code seek}, {@code read} without waiting in between, and what makes
 * {@code close} wait for operations already called.
 *
 * <p>A task releases the queue before it completes its future, so code chained on that future
 * may submit to (or close and wait for) the same file without deadlocking. Each task then waits
 * until the futures of earlier tasks hold their results (not until their callbacks have run), so
 * futures complete in call order: once {@code flush} or {@code close} is done, so is everything
 * called before it.
 */
public final class SerialQueue {

    private static final BooleanSupplier NEVER_INLINE = () -> false;

    private final Executor executor;
    private final ArrayDeque<Task<?>> pending = new ArrayDeque<>();
    /** Futures of tasks that have finished their work and are about to complete. */
    private final Set<CompletableFuture<?>> completing = ConcurrentHashMap.newKeySet();
    /**
     * Tasks an executor ran on the very thread that handed them over while a task of this queue was
     * still completing there (a direct executor, {@code CallerRunsPolicy}). Run on the spot, such a
     * task would wait for a result only the outer frame can deliver; instead it waits here and runs
     * once the outer task has completed, one after another rather than nested.
     */
    private final ThreadLocal<ArrayDeque<Task<?>>> deferred = new ThreadLocal<>();
    private boolean active;
    private boolean closed;

    /**
     * Creates a queue running on {@code executor}.
     *
     * @param executor where the tasks run
     */
    public SerialQueue(Executor executor) {
        this.executor = executor;
    }

    /**
     * Queues {@code call}.
     *
     * @param call the work
     * @param closedError the failure to report if the queue is closed
     * @param <R> the result type
     * @return the future of the result
     */
    public <R> CompletableFuture<R> submit(IoCall<R> call, Supplier<? extends IOException> closedError) {
        return enqueue(call, false, NEVER_INLINE, closedError);
    }

    /**
     * Queues {@code call}, or runs it on the calling thread if the queue is idle and {@code inline}
     * says the call will not block. {@code inline} is evaluated with the queue held, so it may look
     * at the file's state.
     *
     * @param call the work
     * @param inline whether the call can run without blocking right now
     * @param closedError the failure to report if the queue is closed
     * @param <R> the result type
     * @return the future of the result, already complete if the call ran inline
     */
    public <R> CompletableFuture<R> submit(IoCall<R> call, BooleanSupplier inline,
            Supplier<? extends IOException> closedError) {
        return enqueue(call, false, inline, closedError);
    }

    /**
     * Queues {@code call} as the last task: everything submitted before still runs, anything
     * submitted later fails with {@code closedError}.
     *
     * @param call the final work, usually closing the file
     * @param closedError the failure to report if the queue is already closed
     * @param <R> the result type
     * @return the future of the result
     */
    public <R> CompletableFuture<R> submitLast(IoCall<R> call, Supplier<? extends IOException> closedError) {
        return enqueue(call, true, NEVER_INLINE, closedError);
    }

    /**
     * Like {@link #submitLast(IoCall, Supplier)}, running on the calling thread when idle and
     * {@code inline} allows it.
     *
     * @param call the final work
     * @param inline whether the call can run without blocking right now
     * @param closedError the failure to report if the queue is already closed
     * @param <R> the result type
     * @return the future of the result
     */
    public <R> CompletableFuture<R> submitLast(IoCall<R> call, BooleanSupplier inline,
            Supplier<? extends IOException> closedError) {
        return enqueue(call, true, inline, closedError);
    }

    /**
     * Tells whether {@link #submitLast} has been called.
     *
     * @return {@code true} once closed to new work
     */
    public synchronized boolean isClosed() {
        return closed;
    }

    /**
     * Returns the executor the tasks run on.
     *
     * @return the executor
     */
    public Executor executor() {
        return executor;
    }

    private <R> CompletableFuture<R> enqueue(IoCall<R> call, boolean last, BooleanSupplier inline,
            Supplier<? extends IOException> closedError) {
        var task = new Task<>(call, last);
        synchronized (this) {
            if (closed) {
                return CompletableFuture.failedFuture(closedError.get());
            }
            closed = last;
            if (active) {
                pending.add(task);
                return task.future;
            }
            active = true;
        }
        // The queue is ours now: nothing else runs until the task releases it.
        if (runsInline(inline)) {
            task.run();
        } else {
            dispatch(task);
        }
        return task.future;
    }

    private static boolean runsInline(BooleanSupplier inline) {
        try {
            return inline.getAsBoolean();
        } catch (RuntimeException e) {
            // Let the call itself meet the problem, on this thread, and report it in its future.
            return true;
        }
    }

    /** Starts the next pending task, or marks the queue idle. */
    private void dispatchNext() {
        Task<?> next;
        synchronized (this) {
            next = pending.poll();
            if (next == null) {
                active = false;
                return;
            }
        }
        dispatch(next);
    }

    /**
     * Hands a task that holds the queue to the executor. A refusal fails the task and moves on,
     * except for the last task: it closes the file, so it runs here rather than leave a handle open.
     */
    private void dispatch(Task<?> task) {
        Thread dispatcher = Thread.currentThread();
        Runnable run = () -> {
            ArrayDeque<Task<?>> waiting = deferred.get();
            if (waiting != null && Thread.currentThread() == dispatcher) {
                waiting.add(task);
            } else {
                task.run();
            }
        };
        try {
            executor.execute(Scopes.wrap(run));
        } catch (RejectedExecutionException e) {
            if (task.last) {
                task.run();
            } else {
                task.future.completeExceptionally(e);
                dispatchNext();
            }
        }
    }

    /** One queued call and its future. */
    private final class Task<R> implements Runnable {
        private final IoCall<R> call;
        /** The last task closes the file: cancelling its future must not skip it. */
        private final boolean last;
        private final CompletableFuture<R> future = new CompletableFuture<>();

        Task(IoCall<R> call, boolean last) {
            this.call = call;
            this.last = last;
        }

        @Override
        public void run() {
            ArrayDeque<Task<?>> outer = deferred.get();
            var mine = new ArrayDeque<Task<?>>();
            deferred.set(mine);
            try {
                execute();
            } finally {
                deferred.set(outer);
            }
            if (outer != null) {
                // Running inside another task's loop on this thread: let that loop run ours too.
                outer.addAll(mine);
                return;
            }
            deferred.set(mine);
            try {
                for (Task<?> next = mine.poll(); next != null; next = mine.poll()) {
                    next.run();
                }
            } finally {
                deferred.remove();
            }
        }

        private void execute() {
            awaitEarlierResults();
            // Cancelled before it started: skip the work, keep the order. Never skip the last
            // task, which closes the file.
            if (!last && future.isDone()) {
                dispatchNext();
                return;
            }
            R result = null;
            Throwable failure = null;
            try {
                result = call.call();
            } catch (Throwable t) {
                failure = t;
            }
            completing.add(future);
            dispatchNext();
            if (failure != null) {
                future.completeExceptionally(failure);
            } else {
                future.complete(result);
            }
            completing.remove(future);
        }

        /** Waits the few instructions between an earlier task releasing the queue and completing. */
        private void awaitEarlierResults() {
            for (CompletableFuture<?> earlier : completing) {
                while (!earlier.isDone()) {
                    Thread.yield();
                }
            }
        }
    }
}
