package dev.asynctemp.internal;

import java.util.concurrent.CompletableFuture;

/**
 * One operation queued on a {@link SerialQueue}: the call, its future, and the attribution it
 * carries from the thread that called it. Its fields other than the final ones belong to whoever
 * holds the queue (or, before it is queued, to the submitting thread).
 *
 * @param <R> the result type
 */
final class Task<R> {

    /** The last task: closes the file; runs after everything else and is never skipped. */
    static final int LAST = 1;
    /** May run on the submitting thread when the queue is idle: its work does not block. */
    static final int INLINE = 2;
    /** A step of a line loop (forEachLine): the runner completing the step before may take it itself. */
    static final int STEP = 4;

    final String operation;
    final IoCall<R> call;
    final CompletableFuture<R> future;
    final int flags;
    /** For a step: the future of the step before it, whose completion issued this one. */
    final CompletableFuture<?> after;
    /** The submitter's attribution and work registration; bound while the task runs and completes. */
    Scopes.Carried carried = Scopes.Carried.NONE;
    /** The next pending task. */
    Task<?> next;
    /** Set once the work began: a task moved to a worker half-way is no longer skipped if cancelled. */
    boolean started;
    R result;
    Throwable failure;

    Task(String operation, IoCall<R> call, CompletableFuture<R> future, int flags, CompletableFuture<?> after) {
        this.operation = operation;
        this.call = call;
        this.future = future;
        this.flags = flags;
        this.after = after;
    }

    boolean is(int flag) {
        return (flags & flag) != 0;
    }

    /** Binds {@code carried}; never throws (a failure to bind leaves the thread as it was). */
    static Scopes.Restore resume(Scopes.Carried carried) {
        try {
            return carried.resume();
        } catch (Throwable t) {
            return () -> { };
        }
    }

    /** Ends {@code carried}'s work registration; never throws. */
    static void end(Scopes.Carried carried) {
        try {
            carried.end();
        } catch (Throwable ignored) {
            // Best effort: the registration is a set entry; nothing else depends on this call.
        }
    }

    /** Runs the call, keeping its outcome; tells whether it finished (false: it must move to a worker). */
    boolean work() {
        started = true;
        try {
            result = call.call();
        } catch (SerialQueue.WouldBlock moving) {
            return false;
        } catch (Throwable t) {
            failure = t;
        }
        return true;
    }

    /**
     * Completes the future with the outcome, running the callbacks chained on it. Never throws: a
     * callback's failure goes to the future chained on it, and an error striking the completion
     * itself is best effort (the outcome was set first).
     */
    void complete() {
        try {
            if (failure != null) {
                future.completeExceptionally(failure);
            } else {
                future.complete(result);
            }
        } catch (Throwable ignored) {
            // Only a VirtualMachineError can land here; the queue must go on regardless.
        }
        result = null;
        failure = null;
    }

    /** Fails the future at once with {@code why}, under the carried binding, then ends the carried work. */
    void fail(Throwable why) {
        failure = why;
        Scopes.Restore restore = resume(carried);
        try {
            complete();
        } finally {
            restore.close();
            end(carried);
        }
    }
}
