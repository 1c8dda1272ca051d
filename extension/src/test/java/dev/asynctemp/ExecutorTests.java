package dev.asynctemp;

import static dev.asynctemp.AsyncTempfile.namedTemporaryFile;
import static dev.asynctemp.AsyncTempfile.temporaryFile;
import static dev.asynctemp.Outcomes.await;
import static dev.asynctemp.Outcomes.failure;
import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.Executor;
import java.util.concurrent.Executors;
import java.util.concurrent.ForkJoinWorkerThread;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

@DisplayName("Executor and cancellation")
class ExecutorTests {

    @TempDir
    Path dir;

    /** An executor that holds tasks until {@link #runAll()}: makes "before it starts" deterministic. */
    static final class HeldExecutor implements Executor {
        private final ArrayDeque<Runnable> held = new ArrayDeque<>();

        @Override
        public synchronized void execute(Runnable task) {
            held.add(task);
        }

        void runAll() {
            while (true) {
                Runnable next;
                synchronized (this) {
                    next = held.poll();
                }
                if (next == null) {
                    return;
                }
                next.run();
            }
        }
    }

    @Test
    @DisplayName("the default executor is the library's own pool of daemon platform threads, never the common fork-join pool")
    void notTheCommonPool() throws ReflectiveOperationException {
        try (var file = await(temporaryFile())) {
            await(file.write(new byte[] {'\n'}));
            await(file.seek(0));
            var seen = new java.util.concurrent.atomic.AtomicReference<Thread>();
            await(file.forEachLine(line -> seen.set(Thread.currentThread())));
            Thread worker = seen.get();
            assertThat(worker).isNotSameAs(Thread.currentThread());
            assertThat(worker).isNotInstanceOf(ForkJoinWorkerThread.class);
            // A pool of platform threads on every JDK: chosen by measurement (see Workers).
            assertThat(worker.getName()).startsWith("asynctemp-worker-");
            if (Runtime.version().feature() >= 21) {
                // Thread.isVirtual() exists from JDK 21; this code is compiled for 17.
                assertThat(Thread.class.getMethod("isVirtual").invoke(worker)).isEqualTo(false);
            }
            assertThat(worker.isDaemon()).isTrue();
        }
    }

    @Test
    @DisplayName("a user's executor runs creation and every operation that blocks")
    void userExecutor() {
        var used = new AtomicInteger();
        var pool = Executors.newSingleThreadExecutor(task -> new Thread(task, "user-pool"));
        Executor counting = task -> {
            used.incrementAndGet();
            pool.execute(task);
        };
        var reader = new java.util.concurrent.atomic.AtomicReference<Thread>();
        try (var file = await(namedTemporaryFile(Mode.TEXT, TempOptions.defaults().withDir(dir)
                .withExecutor(counting)))) {
            await(file.write("x\n"));
            await(file.seek(0));
            await(file.forEachLine(line -> reader.set(Thread.currentThread())));
            await(file.seek(0));
            assertThat(await(file.read())).isEqualTo("x\n");
        } finally {
            pool.shutdown();
        }
        // Creation, and at least one hand-over for the operations (a runner takes what waits).
        assertThat(used.get()).isGreaterThanOrEqualTo(2);
        assertThat(reader.get().getName()).isEqualTo("user-pool");
    }

    @Test
    @DisplayName("an executor that refuses work fails the future instead of throwing")
    void rejectingExecutor() {
        Executor refusing = task -> {
            throw new RejectedExecutionException("shut down");
        };
        var options = TempOptions.defaults().withDir(dir).withExecutor(refusing);
        failure(temporaryFile(Mode.BINARY, options), RejectedExecutionException.class);
    }

    @Test
    @DisplayName("cancelling an operation before it starts skips it; the file stays open and usable")
    void cancelBeforeStart() {
        var held = new HeldExecutor();
        var creating = namedTemporaryFile(Mode.TEXT, TempOptions.defaults().withDir(dir).withExecutor(held));
        held.runAll();
        NamedTemporaryFile<String> file = await(creating);
        CompletableFuture<Integer> write = file.write("skipped");
        assertThat(write.cancel(true)).isTrue();
        CompletableFuture<Integer> kept = file.write("kept");
        held.runAll();
        assertThat(await(kept)).isEqualTo(4);
        assertThat(file.isClosed()).isFalse();
        var read = file.seek(0).thenCompose(p -> file.read());
        held.runAll();
        held.runAll();
        assertThat(await(read)).isEqualTo("kept");
        var closing = file.closeAsync();
        closing.cancel(true);
        held.runAll();
        assertThat(file.path()).doesNotExist();
    }

    @Test
    @DisplayName("cancelling an in-flight write neither interrupts nor closes: the file stays consistent")
    void cancelInFlight() throws Exception {
        try (var file = await(namedTemporaryFile(Mode.BINARY, TempOptions.defaults().withDir(dir)))) {
            byte[] big = new byte[32 << 20];
            for (int round = 0; round < 5; round++) {
                CompletableFuture<Integer> write = file.write(big);
                write.cancel(true);
                await(file.flush());
            }
            long size = Files.size(file.path());
            assertThat(size % big.length).isZero();
            assertThat(await(file.seek(0, Whence.END))).isEqualTo(size);
            await(file.write(new byte[] {42}));
            await(file.seek(-1, Whence.END));
            assertThat(await(file.read())).containsExactly(42);
            assertThat(file.isClosed()).isFalse();
        }
    }

    @Test
    @DisplayName("an interrupted caller does not disturb the file: the work runs on a worker")
    void operationsAreIndependentOfCallerInterrupts() {
        var interrupted = await(temporaryFile(Mode.TEXT, TempOptions.defaults().withDir(dir)));
        Thread.currentThread().interrupt();
        try {
            assertThat(interrupted.write("fine").join()).isEqualTo(4);
            interrupted.close();
            assertThat(interrupted.isClosed()).isTrue();
        } finally {
            assertThat(Thread.interrupted()).isTrue();
        }
        try (var file = await(temporaryFile(Mode.TEXT, TempOptions.defaults().withDir(dir)))) {
            await(file.write("fine"));
            await(file.seek(0));
            assertThat(await(file.read())).isEqualTo("fine");
        }
    }

    @Test
    @DisplayName("an executor that runs tasks on the caller's thread (direct, CallerRunsPolicy) neither hangs nor reorders")
    void callerThreadExecutors() throws Exception {
        var callerRuns = new java.util.concurrent.ThreadPoolExecutor(1, 1, 1, java.util.concurrent.TimeUnit.MINUTES,
                new java.util.concurrent.SynchronousQueue<>(), new java.util.concurrent.ThreadPoolExecutor.CallerRunsPolicy());
        Executor direct = Runnable::run;
        try {
            for (Executor executor : List.of(direct, callerRuns)) {
                var file = await(namedTemporaryFile(Mode.BINARY, TempOptions.defaults().withDir(dir)
                        .withExecutor(executor)));
                var writers = Executors.newFixedThreadPool(2);
                var futures = new ArrayList<CompletableFuture<Integer>>();
                for (int i = 0; i < 2_000; i++) {
                    byte[] chunk = new byte[i % 2 == 0 ? 1 << 16 : 1];
                    futures.add(writers.submit(() -> file.write(chunk)).get());
                }
                writers.shutdown();
                for (var future : futures) {
                    await(future);
                }
                assertThat(await(file.seek(0, Whence.END))).isEqualTo(1_000L * (1 << 16) + 1_000);
                file.close();
            }
        } finally {
            callerRuns.shutdown();
        }
    }
}
