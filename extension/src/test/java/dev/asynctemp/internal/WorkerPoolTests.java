package dev.asynctemp.internal;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.awaitility.Awaitility.await;

import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.ThreadFactory;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicReference;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;

@DisplayName("The default executor's pool: anyio's limit, its most-recently-idle thread first")
class WorkerPoolTests {

    private static final Duration PATIENCE = Duration.ofSeconds(30);

    /** Makes named daemon threads and keeps them, so a test can watch their states. */
    private static final class RecordingFactory implements ThreadFactory {
        final List<Thread> made = new CopyOnWriteArrayList<>();
        final AtomicBoolean refuse = new AtomicBoolean();
        final List<Throwable> uncaught = new CopyOnWriteArrayList<>();

        @Override
        public Thread newThread(Runnable task) {
            if (refuse.get()) {
                return null;
            }
            var thread = new Thread(task, "pool-test-" + made.size());
            thread.setDaemon(true);
            thread.setUncaughtExceptionHandler((t, e) -> uncaught.add(e));
            made.add(thread);
            return thread;
        }

        /** Waits until {@code thread} waits for work in the pool (a timed wait on its queue). */
        void awaitIdle(Thread thread) {
            await().atMost(PATIENCE).until(() -> thread.getState() == Thread.State.TIMED_WAITING);
        }
    }

    /** Fails with {@code what} unless {@code latch} reaches zero within 30 seconds. */
    private static void awaitAll(CountDownLatch latch, String what) throws InterruptedException {
        assertThat(latch.await(30, TimeUnit.SECONDS)).as(what).isTrue();
    }

    private static Runnable awaiting(CountDownLatch latch) {
        return () -> {
            try {
                latch.await();
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        };
    }

    @Test
    @DisplayName("at most `limit` tasks run at once; the rest wait")
    void limitsTasksAtOnce() throws Exception {
        var factory = new RecordingFactory();
        var pool = new WorkerPool(3, 60, TimeUnit.SECONDS, factory);
        var release = new CountDownLatch(1);
        var running = new AtomicInteger();
        var mostAtOnce = new AtomicInteger();
        var started = Collections.synchronizedList(new ArrayList<Integer>());
        var done = new CountDownLatch(10);
        for (int i = 0; i < 10; i++) {
            int n = i;
            pool.execute(() -> {
                started.add(n);
                mostAtOnce.accumulateAndGet(running.incrementAndGet(), Math::max);
                awaiting(release).run();
                running.decrementAndGet();
                done.countDown();
            });
        }
        await().atMost(PATIENCE).until(() -> running.get() == 3);
        assertThat(pool.waitingCount()).isEqualTo(7);
        assertThat(factory.made).hasSize(3);
        assertThat(pool.threadCount()).isEqualTo(3);
        release.countDown();
        awaitAll(done, "the tasks ran");
        assertThat(mostAtOnce.get()).isEqualTo(3);
        assertThat(started).containsExactlyInAnyOrder(0, 1, 2, 3, 4, 5, 6, 7, 8, 9);
        assertThat(factory.made).hasSize(3);
    }

    @Test
    @DisplayName("tasks waiting for room start in submission order")
    void waitingTasksInOrder() throws Exception {
        var pool = new WorkerPool(1, 60, TimeUnit.SECONDS, new RecordingFactory());
        var hold = new CountDownLatch(1);
        var started = Collections.synchronizedList(new ArrayList<Integer>());
        var done = new CountDownLatch(6);
        pool.execute(awaiting(hold));
        for (int i = 0; i < 6; i++) {
            int n = i;
            pool.execute(() -> {
                started.add(n);
                done.countDown();
            });
        }
        assertThat(pool.waitingCount()).isBetween(6, 7);
        hold.countDown();
        awaitAll(done, "the tasks ran");
        assertThat(started).containsExactly(0, 1, 2, 3, 4, 5);
    }

    @Test
    @DisplayName("a task goes to the thread that became idle last, not to the one idle longest")
    void mostRecentlyIdleFirst() throws Exception {
        var factory = new RecordingFactory();
        var pool = new WorkerPool(4, 60, TimeUnit.SECONDS, factory);
        var latches = List.of(new CountDownLatch(1), new CountDownLatch(1), new CountDownLatch(1));
        var ranOn = new ConcurrentHashMap<Integer, Thread>();
        for (int i = 0; i < 3; i++) {
            int n = i;
            pool.execute(() -> {
                ranOn.put(n, Thread.currentThread());
                awaiting(latches.get(n)).run();
            });
        }
        await().atMost(PATIENCE).until(() -> ranOn.size() == 3);
        for (int i = 0; i < 3; i++) {
            latches.get(i).countDown();
            factory.awaitIdle(ranOn.get(i));
        }
        Thread lastIdle = ranOn.get(2);
        for (int round = 0; round < 5; round++) {
            var seen = new AtomicReference<Thread>();
            var done = new CountDownLatch(1);
            pool.execute(() -> {
                seen.set(Thread.currentThread());
                done.countDown();
            });
            awaitAll(done, "the tasks ran");
            assertThat(seen.get()).as("round %d", round).isSameAs(lastIdle);
            factory.awaitIdle(lastIdle);
        }
        assertThat(factory.made).hasSize(3);
    }

    @Test
    @DisplayName("a task's interrupt does not reach the next task on the same thread")
    void clearsInterruptsBetweenTasks() throws Exception {
        var pool = new WorkerPool(1, 60, TimeUnit.SECONDS, new RecordingFactory());
        var hold = new CountDownLatch(1);
        var interruptedSeen = new AtomicReference<Boolean>();
        var done = new CountDownLatch(1);
        pool.execute(awaiting(hold));
        pool.execute(() -> Thread.currentThread().interrupt());
        pool.execute(() -> {
            interruptedSeen.set(Thread.currentThread().isInterrupted());
            done.countDown();
        });
        hold.countDown();
        awaitAll(done, "the tasks ran");
        assertThat(interruptedSeen.get()).isFalse();
    }

    @Test
    @DisplayName("a task that throws is reported to the thread's handler and the tasks after it still run")
    void throwingTask() throws Exception {
        var factory = new RecordingFactory();
        var pool = new WorkerPool(1, 60, TimeUnit.SECONDS, factory);
        var hold = new CountDownLatch(1);
        var done = new CountDownLatch(1);
        var boom = new IllegalStateException("boom");
        pool.execute(awaiting(hold));
        pool.execute(() -> {
            throw boom;
        });
        pool.execute(done::countDown);
        hold.countDown();
        awaitAll(done, "the tasks ran");
        assertThat(factory.uncaught).containsExactly(boom);
        assertThat(factory.made).hasSize(1);
    }

    @Test
    @DisplayName("a thread that cannot be started refuses its task, which never runs; the pool works again after")
    void threadNotStarted() throws Exception {
        var factory = new RecordingFactory();
        var pool = new WorkerPool(2, 60, TimeUnit.SECONDS, factory);
        factory.refuse.set(true);
        var ran = new AtomicBoolean();
        assertThatThrownBy(() -> pool.execute(() -> ran.set(true))).isInstanceOf(RejectedExecutionException.class);
        assertThat(pool.waitingCount()).isZero();
        factory.refuse.set(false);
        var done = new CountDownLatch(2);
        pool.execute(done::countDown);
        pool.execute(done::countDown);
        awaitAll(done, "the tasks ran");
        assertThat(ran.get()).isFalse();
    }

    @Test
    @DisplayName("threads idle for the keep-alive time end; the pool starts new ones when work comes")
    void idleThreadsEnd() throws Exception {
        var factory = new RecordingFactory();
        var pool = new WorkerPool(2, 20, TimeUnit.MILLISECONDS, factory);
        var done = new CountDownLatch(1);
        pool.execute(done::countDown);
        awaitAll(done, "the tasks ran");
        await().atMost(PATIENCE).until(() -> pool.threadCount() == 0);
        var again = new CountDownLatch(1);
        pool.execute(again::countDown);
        awaitAll(again, "the tasks ran");
        assertThat(factory.made).hasSize(2);
    }

    @Test
    @DisplayName("tasks submitted from many threads while others finish all run, none twice")
    void concurrentSubmitters() throws Exception {
        var pool = new WorkerPool(3, 60, TimeUnit.SECONDS, new RecordingFactory());
        int submitters = 4;
        int each = 20_000;
        var runs = new AtomicInteger();
        var done = new CountDownLatch(submitters * each);
        var threads = new ArrayList<Thread>();
        for (int s = 0; s < submitters; s++) {
            var thread = new Thread(() -> {
                for (int i = 0; i < each; i++) {
                    pool.execute(() -> {
                        runs.incrementAndGet();
                        done.countDown();
                    });
                }
            });
            thread.start();
            threads.add(thread);
        }
        for (var thread : threads) {
            thread.join();
        }
        assertThat(done.await(60, TimeUnit.SECONDS)).as("every task ran").isTrue();
        assertThat(runs.get()).isEqualTo(submitters * each);
        assertThat(pool.waitingCount()).isZero();
    }

    @Test
    @DisplayName("a task submitted just as the last drainer finds nothing left still runs (no lost wake-up)")
    void lastTaskOfABurst() throws Exception {
        var pool = new WorkerPool(1, 60, TimeUnit.SECONDS, new RecordingFactory());
        var go = new java.util.concurrent.CyclicBarrier(2);
        for (int burst = 0; burst < 5_000; burst++) {
            var done = new CountDownLatch(2);
            var other = new Thread(() -> {
                try {
                    go.await();
                } catch (Exception e) {
                    throw new IllegalStateException(e);
                }
                pool.execute(done::countDown);
            });
            other.start();
            go.await();
            pool.execute(done::countDown);
            other.join();
            awaitAll(done, String.format("burst %d: both tasks ran", burst));
        }
    }

    @Test
    @DisplayName("a task submitted after the drainer found the queue empty but before it ended is run by that drainer")
    void submittedAsTheDrainerEnds() throws Exception {
        var armed = new AtomicBoolean();
        var handed = new AtomicReference<Runnable>();
        var done = new CountDownLatch(1);
        var pool = new AtomicReference<WorkerPool>();
        // The drainer finds the queue empty; before it gives up its place, another thread submits:
        // it sees the one place taken, so it leaves the task to that drainer's second look.
        var queue = new java.util.concurrent.ConcurrentLinkedQueue<Runnable>() {
            @Override
            public Runnable poll() {
                Runnable next = super.poll();
                if (next == null && armed.compareAndSet(true, false)) {
                    var submitter = new Thread(() -> pool.get().execute(handed.get()));
                    submitter.start();
                    try {
                        submitter.join();
                    } catch (InterruptedException e) {
                        Thread.currentThread().interrupt();
                    }
                }
                return next;
            }
        };
        pool.set(new WorkerPool(1, 60, TimeUnit.SECONDS, new RecordingFactory(), queue));
        handed.set(done::countDown);
        armed.set(true);
        pool.get().execute(() -> { });
        awaitAll(done, "the task handed over as the drainer ended ran");
        var after = new CountDownLatch(1);
        pool.get().execute(after::countDown);
        awaitAll(after, "the pool still has its one place");
    }

    @Test
    @DisplayName("the default executor's threads: daemon, named asynctemp-worker-N, no inherited thread-locals")
    void defaultThreads() throws Exception {
        var inherited = new InheritableThreadLocal<String>();
        inherited.set("the test's context");
        var pool = new WorkerPool(1, 60, TimeUnit.SECONDS, Workers.THREADS);
        var seen = new AtomicReference<String>();
        var thread = new AtomicReference<Thread>();
        var done = new CountDownLatch(1);
        pool.execute(() -> {
            seen.set(inherited.get());
            thread.set(Thread.currentThread());
            done.countDown();
        });
        awaitAll(done, "the tasks ran");
        assertThat(seen.get()).isNull();
        assertThat(thread.get().isDaemon()).isTrue();
        assertThat(thread.get().getName()).matches("asynctemp-worker-\\d+");
    }

    @Test
    @DisplayName("a limit below 1 is refused, naming it")
    void badLimit() {
        assertThatThrownBy(() -> new WorkerPool(0, 1, TimeUnit.SECONDS, new RecordingFactory()))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("limit must be at least 1, got 0");
    }
}
