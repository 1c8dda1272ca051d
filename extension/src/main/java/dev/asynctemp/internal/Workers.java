package dev.asynctemp.internal;

import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.Executor;
import java.util.concurrent.ThreadFactory;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Supplier;

/**
 * Where blocking work runs: never the common fork-join pool, never interrupted, always in the
 * {@link Scope} of the code that asked for it.
 *
 * <p>The default executor is created on first use: a {@link WorkerPool} running at most
 * {@link #PLATFORM_THREADS} tasks at once (anyio's default limit) on daemon platform threads, each
 * task on the most recently idle thread (as anyio picks its idle workers), whose idle threads end
 * after a minute, on every JDK. Both choices by measurement (benchmarks/README.md): waking the most
 * recently idle thread, not the longest idle one, keeps a file's successive runners on one warm
 * thread, about 7% more sequential throughput than a plain {@code ThreadPoolExecutor} on JDK 17 and
 * 25; and on JDK 21+ a virtual thread doing file I/O makes its carrier pool compensate with another
 * thread for every blocking call (a park and an unpark each), so virtual threads were several times
 * slower than platform threads both for operations awaited one by one and for 10,000 concurrent
 * creations. Tasks are never cancelled with interruption, because a
 * {@link java.nio.channels.FileChannel} closes itself when the thread using it is interrupted.
 */
public final class Workers {

    /** How many tasks the default executor runs at once (anyio's default capacity limiter: 40 tokens). */
    public static final int PLATFORM_THREADS = 40;

    /** How long an idle thread of the default executor waits for work before it ends, in seconds. */
    static final long KEEP_ALIVE_SECONDS = 60;

    /**
     * Makes the default executor's threads: daemon platform threads named {@code asynctemp-worker-N},
     * with no inherited thread-locals (a worker must not carry the context of the thread that
     * happened to need it first).
     */
    static final ThreadFactory THREADS = new ThreadFactory() {
        private final AtomicInteger threadNumber = new AtomicInteger();

        @Override
        public Thread newThread(Runnable task) {
            var thread = new Thread(null, task, "asynctemp-worker-" + threadNumber.incrementAndGet(), 0, false);
            thread.setDaemon(true);
            return thread;
        }
    };

    private Workers() {
    }

    /**
     * Returns the executor to use for {@code configured}, the default if empty.
     *
     * @param configured the executor from the options
     * @return an executor
     */
    public static Executor resolve(Optional<Executor> configured) {
        return configured.orElseGet(Workers::defaultExecutor);
    }

    /**
     * Returns the library's default executor.
     *
     * @return the shared default executor
     */
    public static Executor defaultExecutor() {
        return Default.EXECUTOR;
    }

    /**
     * Runs {@code call} on {@code executor} and completes the returned future with its outcome.
     * If the future is cancelled before the call starts, the call is skipped. The call carries the
     * calling thread's {@link Scope} and counts as its work in flight until the future is complete
     * and the callbacks chained on it by then have run.
     *
     * @param executor where to run
     * @param call the blocking work
     * @param what describes the work, for a message naming what is still in flight
     * @param <R> the result type
     * @return the future of the result; failed with the executor's refusal if it refuses the call
     */
    public static <R> CompletableFuture<R> supply(Executor executor, IoCall<R> call, Supplier<String> what) {
        var future = new OpFuture<R>();
        Scopes.Carried carried;
        try {
            carried = Scopes.carry(what);
        } catch (Throwable t) {
            future.completeExceptionally(t);
            return future;
        }
        Runnable task = () -> {
            Scopes.Restore restore = Task.resume(carried);
            try {
                complete(future, call);
            } finally {
                restore.close();
                Task.end(carried);
            }
        };
        try {
            executor.execute(task);
        } catch (Throwable refused) {
            // A refusal, or anything a user's executor throws: the future reports it, never the caller.
            try {
                future.completeExceptionally(refused);
            } finally {
                Task.end(carried);
            }
        }
        return future;
    }

    /** Runs {@code call} unless {@code future} is already done, and completes it with the outcome. */
    static <R> void complete(CompletableFuture<R> future, IoCall<R> call) {
        if (future.isDone()) {
            return;
        }
        try {
            future.complete(call.call());
        } catch (Throwable t) {
            future.completeExceptionally(t);
        }
    }

    /**
     * Tells whether {@code executor} is the library's default: its threads are the library's own, so
     * a worker may stay hot briefly for its file's next operation (see {@link SerialQueue}).
     *
     * @param executor an executor
     * @return {@code true} for {@link #defaultExecutor()}
     */
    static boolean isDefault(Executor executor) {
        return executor == Default.EXECUTOR;
    }

    /** Holder for lazy creation of the default executor. */
    private static final class Default {
        static final Executor EXECUTOR;

        static {
            // Before any worker runs: a user's virtual-thread executor loading them could pin every carrier.
            Preload.coreClasses();
            EXECUTOR = platformPool();
        }

        private static Executor platformPool() {
            return new WorkerPool(PLATFORM_THREADS, KEEP_ALIVE_SECONDS, TimeUnit.SECONDS, THREADS);
        }
    }
}
