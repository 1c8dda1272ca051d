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
 * may submit to (or close and wait for) the same file without deadlocking; once the callbacks
 * have returned, the same thread claims the next waiting task if nobody else has, so a burst of
 * calls costs one hand-over, not one each. A task that starts on another thread first waits
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
        var task = new Task<>(call, last, Scopes.carry(() -> "an operation of a temporary file"));
        Task<?> head;
        synchronized (this) {
            if (closed) {
                return CompletableFuture.failedFuture(closedError.get());
            }
            closed = last;
            pending.add(task);
            if (active) {
                return task.future;
            }
            active = true;
            // Whoever finds the queue idle starts its head: earlier tasks may still be waiting.
            head = pending.poll();
        }
        // The queue is ours now: nothing else runs until the task releases it.
        if (head == task && runsInline(inline)) {
            task.execute();
            // The caller's thread does only its own call; anything queued meanwhile goes to the executor.
            Task<?> next = claimNext();
            if (next != null) {
                dispatch(next);
            }
        } else {
            dispatch(head);
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
        try {
            executor.execute(task);
        } catch (RejectedExecutionException e) {
            if (task.last) {
                task.run();
            } else {
                task.future.completeExceptionally(e);
                task.carried.end();
                dispatchNext();
            }
        }
    }

    /**
     * After a task completed its future: if the queue is idle and work is waiting, takes the next
     * task for this thread to run, sparing a hand-over to the executor.
     */
    private Task<?> claimNext() {
        synchronized (this) {
            if (active || pending.isEmpty()) {
                return null;
            }
            active = true;
            return pending.poll();
        }
    }

    /** Releases the queue; work submitted meanwhile is dispatched by whoever submits it. */
    private void release() {
        synchronized (this) {
            active = false;
        }
    }

    /** One queued call and its future. */
    private final class Task<R> implements Runnable {
        private final IoCall<R> call;
        /** The last task closes the file: cancelling its future must not skip it. */
        private final boolean last;
        private final CompletableFuture<R> future = new CompletableFuture<>();
        /** The submitter's scope: bound while this task runs and completes, whichever thread runs it. */
        private final Scopes.Carried carried;

        Task(IoCall<R> call, boolean last, Scopes.Carried carried) {
            this.call = call;
            this.last = last;
            this.carried = carried;
        }

        @Override
        public void run() {
            // Keep going on this worker while work is waiting: one hand-over for a burst of calls.
            for (Task<?> task = this; task != null; task = claimNext()) {
                task.execute();
            }
        }

        /**
         * Runs this task and completes its future, releasing the queue first so that code chained
         * on the future may submit to (or close and wait for) this file without deadlocking.
         */
        private void execute() {
            Scopes.Restore restore = carried.resume();
            try {
                runAndComplete();
            } finally {
                restore.close();
                carried.end();
            }
        }

        private void runAndComplete() {
            awaitEarlierResults();
            // Cancelled before it started: skip the work, keep the order. Never skip the last
            // task, which closes the file.
            if (!last && future.isDone()) {
                release();
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
            release();
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
