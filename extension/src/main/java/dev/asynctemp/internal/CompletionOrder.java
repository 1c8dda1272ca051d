package dev.asynctemp.internal;

import java.util.concurrent.CompletableFuture;

/**
 * Completes a file's futures in the order its tasks released the file, without making anyone wait
 * for that: a task whose predecessor has released the file but not yet completed its future (the
 * few instructions in between, or an executor's slow {@code execute} for a backup runner) has its
 * completion chained on the predecessor's future instead, so it runs on the predecessor's thread
 * right after. Entering happens under the file's queue lock, so that the order is the release order.
 */
final class CompletionOrder {

    /** The future that entered last; the next completes after it. {@code null} once it completed. */
    private CompletableFuture<?> last;

    /**
     * Takes {@code future}'s place in line; call under the queue's lock, as the task releases.
     *
     * @return the future that must complete first, or {@code null}
     */
    synchronized CompletableFuture<?> enter(CompletableFuture<?> future) {
        CompletableFuture<?> previous = last;
        last = future;
        return previous;
    }

    /** Forgets {@code future} once complete, so that its result is not kept alive. */
    private synchronized void left(CompletableFuture<?> future) {
        if (last == future) {
            last = null;
        }
    }

    /**
     * Runs {@code completion} of {@code future} once {@code previous} is complete: at once if it is
     * (the usual case), else chained on it. Binds {@code carried} meanwhile and ends it after, once
     * the callbacks chained on {@code future} have run.
     */
    void complete(CompletableFuture<?> previous, Scopes.Carried carried, CompletableFuture<?> future,
            Runnable completion) {
        Runnable bound = () -> {
            Scopes.Restore restore = Task.resume(carried);
            try {
                completion.run();
            } finally {
                restore.close();
                left(future);
                Task.end(carried);
            }
        };
        if (previous == null || previous.isDone()) {
            bound.run();
            return;
        }
        try {
            previous.whenComplete((ignoredResult, ignoredFailure) -> bound.run());
        } catch (Throwable noMemory) {
            // Nothing to chain it with: complete now, out of order rather than never.
            bound.run();
        }
    }
}
