package dev.asynctemp.internal;

import java.util.Objects;
import java.util.Queue;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.Executor;
import java.util.concurrent.SynchronousQueue;
import java.util.concurrent.ThreadFactory;
import java.util.concurrent.ThreadPoolExecutor;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * The default executor's threads, kept the way anyio keeps its worker threads: at most
 * {@code limit} tasks run at once (anyio's default capacity limiter has 40 tokens), and a task goes
 * to the thread that became idle most recently (anyio's {@code run_sync_in_worker_thread} pops its
 * idle workers last in, first out), so a file's successive runners land on the same warm thread
 * instead of rotating through every thread the pool ever started. Tasks beyond the limit wait in
 * submission order. A thread idle for the keep-alive time ends.
 *
 * <p>The JDK has no bounded pool that wakes its most recently idle thread: a
 * {@link ThreadPoolExecutor} on a {@link java.util.concurrent.LinkedBlockingQueue} wakes the longest
 * idle one. Its cached thread pool (a {@link SynchronousQueue}, whose idle threads wait on a stack
 * in its default, non-fair mode) does, but is unbounded; this class bounds it. The pool runs
 * <em>drainers</em>, at most {@code limit} at a time, each taking waiting tasks until none is left.
 * A thread is started only when none is idle, so more than {@code limit} threads exist only when a
 * drainer was ending just as another was needed; those extra threads end after the keep-alive time.
 *
 * <p>Between tasks a drainer clears its thread's interrupt status, as a {@link ThreadPoolExecutor}
 * does between tasks. A task that throws is reported to its thread's uncaught-exception handler and
 * the drainer goes on with the next task.
 */
final class WorkerPool implements Executor {

    private final int limit;
    private final ThreadPoolExecutor threads;
    private final Queue<Runnable> waiting;
    /** Drainers started and not yet ended; never above {@link #limit}. */
    private final AtomicInteger drainers = new AtomicInteger();
    private final Runnable drain = this::drain;

    /**
     * Creates a pool; it starts no thread until the first task.
     *
     * @param limit the most tasks run at once, at least 1
     * @param keepAlive how long an idle thread waits for work before it ends
     * @param unit the unit of {@code keepAlive}
     * @param factory makes the threads
     * @throws IllegalArgumentException if {@code limit} is below 1 or {@code keepAlive} below 0
     */
    WorkerPool(int limit, long keepAlive, TimeUnit unit, ThreadFactory factory) {
        this(limit, keepAlive, unit, factory, new ConcurrentLinkedQueue<>());
    }

    /** As the public constructor, with the queue of waiting tasks given: a test seam. */
    WorkerPool(int limit, long keepAlive, TimeUnit unit, ThreadFactory factory, Queue<Runnable> waiting) {
        this.waiting = waiting;
        if (limit < 1) {
            throw new IllegalArgumentException("limit must be at least 1, got " + limit);
        }
        this.limit = limit;
        this.threads = new ThreadPoolExecutor(0, Integer.MAX_VALUE, keepAlive, unit, new SynchronousQueue<>(),
                factory);
    }

    /**
     * Runs {@code task} on an idle thread (the most recently idle one), on a new thread if none is
     * idle and fewer than the limit run, else after the tasks submitted before it.
     *
     * @param task the task
     * @throws NullPointerException if {@code task} is {@code null}
     * @throws java.util.concurrent.RejectedExecutionException if a thread was needed and could not
     *     be started (the thread factory failed); the task will not run
     */
    @Override
    public void execute(Runnable task) {
        Objects.requireNonNull(task, "task");
        waiting.add(task);
        try {
            startDrainerIfRoom();
        } catch (Throwable notStarted) {
            if (waiting.remove(task)) {
                throw notStarted;
            }
            // A drainer already took the task and runs it: the submitter's call succeeded.
        }
    }

    /** Starts a drainer unless {@link #limit} run already: each of those looks again before it ends. */
    private void startDrainerIfRoom() {
        if (!claimDrainer()) {
            return;
        }
        try {
            threads.execute(drain);
        } catch (Throwable notStarted) {
            drainers.decrementAndGet();
            throw notStarted;
        }
    }

    private boolean claimDrainer() {
        for (;;) {
            int running = drainers.get();
            if (running >= limit) {
                return false;
            }
            if (drainers.compareAndSet(running, running + 1)) {
                return true;
            }
        }
    }

    private void drain() {
        Thread self = Thread.currentThread();
        do {
            try {
                runWaiting(self);
            } finally {
                drainers.decrementAndGet();
            }
            // A submitter that saw this drainer counted left its task to it: look once more.
        } while (!waiting.isEmpty() && claimDrainer());
        Thread.interrupted();
    }

    private void runWaiting(Thread self) {
        Runnable task;
        while ((task = waiting.poll()) != null) {
            // A task's interrupt must not reach the next one: a FileChannel closes on interrupt.
            Thread.interrupted();
            try {
                task.run();
            } catch (Throwable t) {
                reportUncaught(self, t);
            }
        }
    }

    /** As the JVM reports a thread's uncaught exception, and as it does ignoring what the handler throws. */
    private static void reportUncaught(Thread self, Throwable t) {
        try {
            self.getUncaughtExceptionHandler().uncaughtException(self, t);
        } catch (Throwable ignoredAsTheJvmDoes) {
            // Thread.UncaughtExceptionHandler: "Any exception thrown by this method will be ignored".
        }
    }

    /** Tasks submitted and not started yet. */
    int waitingCount() {
        return waiting.size();
    }

    /** Threads alive in the pool, running tasks or idle. */
    int threadCount() {
        return threads.getPoolSize();
    }
}
