package dev.asynctemp.internal;

import static org.assertj.core.api.Assertions.assertThat;

import dev.asynctemp.FileClosedException;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executor;
import java.util.concurrent.Executors;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import org.awaitility.Awaitility;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;

@DisplayName("SerialQueue")
class SerialQueueTests {

    private final ExecutorService pool = Executors.newCachedThreadPool();

    @AfterEach
    void stopPool() {
        pool.shutdownNow();
    }

    private static <R> R await(CompletableFuture<R> future) throws Exception {
        return future.get(30, TimeUnit.SECONDS);
    }

    /** Waits for {@code latch} inside a task's work, which may throw only IOExceptions. */
    private static void pause(CountDownLatch latch) throws java.io.InterruptedIOException {
        try {
            latch.await(30, TimeUnit.SECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new java.io.InterruptedIOException("interrupted");
        }
    }

    private static Throwable failure(CompletableFuture<?> future) throws Exception {
        try {
            Object result = future.get(30, TimeUnit.SECONDS);
            throw new AssertionError("expected a failure, got " + result);
        } catch (ExecutionException e) {
            return e.getCause();
        }
    }

    @Test
    @DisplayName("an Error thrown by a task's work fails that task's future only")
    void errorInWork() throws Exception {
        var queue = new SerialQueue(pool);
        CompletableFuture<Object> failing = queue.submit("boom", () -> {
            throw new OutOfMemoryError("injected");
        }, false);
        CompletableFuture<Integer> after = queue.submit("after", () -> 42, false);
        assertThat(failure(failing)).isInstanceOf(OutOfMemoryError.class).hasMessage("injected");
        assertThat(await(after)).isEqualTo(42);
        assertThat(await(queue.submitLast("close", () -> "closed", false))).isEqualTo("closed");
        assertThat(failure(queue.submit("late", () -> 0, true))).isInstanceOf(FileClosedException.class)
                .hasMessage("late() on closed temporary file");
    }

    @Test
    @DisplayName("a task finishing before the one released ahead of it completes after it, on the thread completing that one")
    void completionOrder() throws Exception {
        var firstMayFinish = new CountDownLatch(1);
        var secondRan = new AtomicBoolean();
        var handedOver = new AtomicInteger();
        // The backup runner asked for when the first task releases the queue (the second is waiting)
        // is handed over, and execute() then returns only once the second task's work has run: the
        // first task's thread is held between releasing the queue and completing its future.
        Executor executor = task -> {
            pool.execute(task);
            if (handedOver.incrementAndGet() == 2) {
                Awaitility.await().atMost(30, TimeUnit.SECONDS).untilTrue(secondRan);
            }
        };
        var queue = new SerialQueue(executor);
        CompletableFuture<String> first = queue.submit("first", () -> {
            pause(firstMayFinish);
            return "first";
        }, false);
        CompletableFuture<String> second = queue.submit("second", () -> {
            secondRan.set(true);
            return "second";
        }, false);
        var firstDoneWhenSecondCompleted = new AtomicBoolean();
        var secondCompletedOn = new java.util.concurrent.atomic.AtomicReference<Thread>();
        var firstCompletedOn = new java.util.concurrent.atomic.AtomicReference<Thread>();
        CompletableFuture<Void> firstChecked = first.thenRun(() -> firstCompletedOn.set(Thread.currentThread()));
        CompletableFuture<Void> checked = second.thenRun(() -> {
            firstDoneWhenSecondCompleted.set(first.isDone());
            secondCompletedOn.set(Thread.currentThread());
        });
        firstMayFinish.countDown();
        await(checked);
        await(firstChecked);
        assertThat(firstDoneWhenSecondCompleted).isTrue();
        // The second was chained on the first rather than waited for: the first's thread completed both.
        assertThat(secondCompletedOn.get()).isSameAs(firstCompletedOn.get());
    }

    @Test
    @DisplayName("inline work that would block moves to a worker, resumes there, and keeps its place in line")
    void inlineMovesToWorker() throws Exception {
        var threads = new CopyOnWriteArrayList<Thread>();
        var queue = new SerialQueue(pool);
        var progress = new AtomicInteger();
        CompletableFuture<Integer> moving = queue.submit("moving", () -> {
            threads.add(Thread.currentThread());
            if (progress.incrementAndGet() == 1) {
                queue.requireWorker();
            }
            return progress.get();
        }, true);
        CompletableFuture<Integer> next = queue.submit("next", () -> progress.get() * 10, true);
        assertThat(await(moving)).isEqualTo(2);
        assertThat(await(next)).isEqualTo(20);
        assertThat(threads).hasSize(2);
        assertThat(threads.get(0)).isSameAs(Thread.currentThread());
        assertThat(threads.get(1)).isNotSameAs(Thread.currentThread());
    }

    @Test
    @DisplayName("requireWorker on a worker does nothing")
    void requireWorkerOnWorker() throws Exception {
        var queue = new SerialQueue(pool);
        assertThat(await(queue.submit("work", () -> {
            queue.requireWorker();
            return Thread.currentThread();
        }, false))).isNotSameAs(Thread.currentThread());
    }

    @Test
    @DisplayName("every task ends its work in flight on every path: done, failed, skipped, refused, closed, moved")
    void workInFlightEndsOnEveryPath() throws Exception {
        Scope scope = Ledger.openScope("[test:queue-paths]", "queue paths", null);
        var held = new CountDownLatch(1);
        var queue = new SerialQueue(pool);
        queue.describedBy(() -> "TestFile /x");
        Scopes.Restore bound = Scopes.bind(scope);
        try {
            CompletableFuture<Integer> blocking = queue.submit("write", () -> {
                pause(held);
                return 1;
            }, false);
            CompletableFuture<Integer> cancelled = queue.submit("read", () -> 2, false);
            assertThat(scope.inFlight()).containsExactlyInAnyOrder("write() on TestFile /x", "read() on TestFile /x");
            cancelled.cancel(false);
            held.countDown();
            await(blocking);
            CompletableFuture<Object> failed = queue.submit("seek", () -> {
                throw new IllegalStateException("injected");
            }, false);
            failure(failed);
            var progress = new AtomicInteger();
            CompletableFuture<Integer> moved = queue.submit("truncate", () -> {
                if (progress.incrementAndGet() == 1) {
                    queue.requireWorker();
                }
                return progress.get();
            }, true);
            await(moved);
            await(queue.submitLast("close", () -> 0, false));
            failure(queue.submit("tell", () -> 0, true));
            var refusing = new SerialQueue(task -> {
                throw new RejectedExecutionException("refused");
            });
            assertThat(failure(refusing.submit("flush", () -> 0, false))).isInstanceOf(RejectedExecutionException.class);
            assertThat(await(refusing.submitLast("close", () -> "closed anyway", false))).isEqualTo("closed anyway");
        } finally {
            bound.close();
        }
        Awaitility.await().atMost(30, TimeUnit.SECONDS).until(scope::quiet);
        assertThat(scope.inFlight()).isEmpty();
        scope.close();
        assertThat(scope.seal()).isEmpty();
    }

    @Test
    @DisplayName("work in flight names the operation and the file, for the leak detector's timeout message")
    void describesWorkInFlight(@org.junit.jupiter.api.io.TempDir java.nio.file.Path dir) throws Exception {
        Scope scope = Ledger.openScope("[test:queue-names]", "queue names", null);
        var held = new java.util.ArrayDeque<Runnable>();
        Executor holding = held::add;
        var options = dev.asynctemp.TempOptions.defaults().withDir(dir);
        NamedFile<byte[]> named = TempFiles.namedTemporaryFile(dev.asynctemp.Mode.BINARY, options, holding, null);
        SpooledFile<String> spooled = TempFiles.spooledTemporaryFile(1, dev.asynctemp.Mode.TEXT, options, holding, null);
        Scopes.Restore bound = Scopes.bind(scope);
        try {
            named.write(new byte[1]);
            spooled.rollover();
            spooled.forEachLine(line -> { });
            assertThat(scope.inFlight()).containsExactlyInAnyOrder("write() on NamedTemporaryFile " + named.path(),
                    "rollover() on SpooledTemporaryFile (in memory)", "forEachLine() on SpooledTemporaryFile (in memory)");
        } finally {
            bound.close();
        }
        for (Runnable task; (task = held.poll()) != null; ) {
            task.run();
        }
        var closing = List.of(named.closeAsync(), spooled.closeAsync());
        for (Runnable task; (task = held.poll()) != null; ) {
            task.run();
        }
        for (var future : closing) {
            await(future);
        }
        assertThat(scope.quiet()).isTrue();
        scope.close();
        assertThat(scope.seal()).isEmpty();
    }

    @Test
    @DisplayName("a callback of a task may wait for the tasks queued after it, on a user's executor and the library's")
    void callbackWaitsForLaterTasks() throws Exception {
        for (Executor executor : List.<Executor>of(pool, Workers.defaultExecutor())) {
            var queue = new SerialQueue(executor);
            var gate = new CountDownLatch(1);
            CompletableFuture<Integer> first = queue.submit("first", () -> {
                pause(gate);
                return 1;
            }, false);
            CompletableFuture<Integer> second = queue.submit("second", () -> 2, false);
            CompletableFuture<Integer> sum = first.thenApply(n -> n + second.join());
            gate.countDown();
            assertThat(await(sum)).isEqualTo(3);
        }
    }
}
