package dev.asynctemp.internal;

import java.lang.invoke.MethodHandles;
import java.lang.invoke.MethodType;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.Executor;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.ThreadFactory;
import java.util.concurrent.ThreadPoolExecutor;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Supplier;

/**
 * Where blocking work runs: never the common fork-join pool, never interrupted, always in the
 * {@link Scope} of the code that asked for it.
 *
 * <p>The default executor is created on first use: on JDK 21 and later one virtual thread per task;
 * on JDK 17 a pool of at most {@link #PLATFORM_THREADS} daemon threads (anyio's default limit),
 * whose idle threads end after a minute. Tasks are never cancelled with interruption, because a
 * {@link java.nio.channels.FileChannel} closes itself when the thread using it is interrupted.
 */
public final class Workers {

    /** Size of the platform-thread pool used where virtual threads do not exist. */
    public static final int PLATFORM_THREADS = 40;

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
     * Tells whether the default executor uses virtual threads.
     *
     * @return {@code true} on JDK 21 and later
     */
    public static boolean usesVirtualThreads() {
        return Default.VIRTUAL;
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
        var future = new CompletableFuture<R>();
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

    /** Holder for lazy creation of the default executor. */
    private static final class Default {
        static final boolean VIRTUAL;
        static final Executor EXECUTOR;

        static {
            // Before any worker runs: class loading on virtual threads can pin every carrier.
            Preload.coreClasses();
            ExecutorService virtual = virtualThreadPerTask();
            VIRTUAL = virtual != null;
            EXECUTOR = VIRTUAL ? virtual : platformPool();
        }

        private static ExecutorService virtualThreadPerTask() {
            try {
                // Compiled for Java 17, so the JDK 21 factory is looked up rather than called.
                var factory = MethodHandles.publicLookup().findStatic(java.util.concurrent.Executors.class,
                        "newVirtualThreadPerTaskExecutor", MethodType.methodType(ExecutorService.class));
                return (ExecutorService) factory.invoke();
            } catch (NoSuchMethodException | IllegalAccessException notAvailable) {
                return null;
            } catch (Throwable unexpected) {
                throw new IllegalStateException("could not create the virtual-thread executor", unexpected);
            }
        }

        private static ExecutorService platformPool() {
            var threadNumber = new AtomicInteger();
            ThreadFactory factory = task -> {
                // No inherited thread-locals: a pool thread must not carry the context of the
                // thread that happened to start it.
                var thread = new Thread(null, task, "asynctemp-worker-" + threadNumber.incrementAndGet(), 0, false);
                thread.setDaemon(true);
                return thread;
            };
            var pool = new ThreadPoolExecutor(PLATFORM_THREADS, PLATFORM_THREADS, 60, TimeUnit.SECONDS,
                    new LinkedBlockingQueue<>(), factory);
            pool.allowCoreThreadTimeOut(true);
            return pool;
        }
    }
}
