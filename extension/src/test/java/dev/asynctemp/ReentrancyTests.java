package dev.asynctemp;

import static dev.asynctemp.AsyncTempfile.namedTemporaryFile;
import static dev.asynctemp.AsyncTempfile.spooledTemporaryFile;
import static dev.asynctemp.AsyncTempfile.temporaryFile;
import static dev.asynctemp.Outcomes.await;
import static dev.asynctemp.Outcomes.failure;
import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assertions.assertTimeoutPreemptively;

import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executor;
import java.util.concurrent.Executors;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicReference;
import java.util.function.Function;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Named;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * No code of the user's runs while a file is busy, so that code may always call and await the
 * same file: one test per place where user code runs around an operation. What would hang runs
 * under {@code assertTimeoutPreemptively}, so that a regression fails instead of blocking the build
 * (a hung {@code close()} cannot be bounded by a future's timeout).
 */
@DisplayName("Re-entrancy: code of yours may await the file it runs for, and nothing hangs")
class ReentrancyTests {

    /** Bounds what would hang on the test thread itself, where a future's timeout cannot help. */
    private static final Duration HANG = Duration.ofSeconds(30);

    @TempDir
    Path dir;

    private final ExecutorService pool = Executors.newCachedThreadPool();

    @AfterEach
    void stopPool() {
        pool.shutdownNow();
    }

    /** A text file of each kind, holding "a\nb\n" with the position at 0. */
    static Stream<Named<Function<Path, TemporaryFile<String>>>> kinds() {
        return Stream.of(
                Named.of("TemporaryFile", dir -> await(temporaryFile(Mode.TEXT, TempOptions.defaults().withDir(dir)))),
                Named.of("NamedTemporaryFile", dir -> await(namedTemporaryFile(Mode.TEXT,
                        TempOptions.defaults().withDir(dir)))),
                Named.of("SpooledTemporaryFile in memory", dir -> spooledTemporaryFile(1024, Mode.TEXT,
                        TempOptions.defaults().withDir(dir))),
                Named.of("SpooledTemporaryFile on disk", dir -> {
                    var file = spooledTemporaryFile(1, Mode.TEXT, TempOptions.defaults().withDir(dir));
                    await(file.rollover());
                    return file;
                }));
    }

    private static TemporaryFile<String> withTwoLines(Function<Path, TemporaryFile<String>> kind, Path dir) {
        TemporaryFile<String> file = kind.apply(dir);
        await(file.write("a\nb\n"));
        await(file.seek(0));
        return file;
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("kinds")
    @DisplayName("forEachLine's action awaits tell() of the same file and sees the position after its line, as Python's async for")
    void actionAwaitsTheFile(Function<Path, TemporaryFile<String>> kind) {
        assertTimeoutPreemptively(HANG, () -> {
            try (var f = withTwoLines(kind, dir)) {
                var seen = new CopyOnWriteArrayList<String>();
                await(f.forEachLine(line -> seen.add(line.strip() + "@" + f.tell().join())));
                assertThat(seen).containsExactly("a@2", "b@4");
            }
        });
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("kinds")
    @DisplayName("forEachLine's action may write to the file: the write runs before the next line is read")
    void actionWritesToTheFile(Function<Path, TemporaryFile<String>> kind) {
        assertTimeoutPreemptively(HANG, () -> {
            try (var f = withTwoLines(kind, dir)) {
                var seen = new CopyOnWriteArrayList<String>();
                await(f.forEachLine(line -> {
                    seen.add(line);
                    if (line.equals("a\n")) {
                        // Overwrites the second line before it is read, as the same Python loop would.
                        f.write("B\n").join();
                    }
                }));
                assertThat(seen).containsExactly("a\n");
                await(f.seek(0));
                assertThat(await(f.read())).isEqualTo("a\nB\n");
            }
        });
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("kinds")
    @DisplayName("forEachLine's action may close the file and wait: the loop ends with FileClosedException instead of hanging")
    void actionClosesTheFile(Function<Path, TemporaryFile<String>> kind) {
        assertTimeoutPreemptively(HANG, () -> {
            TemporaryFile<String> f = withTwoLines(kind, dir);
            var seen = new CopyOnWriteArrayList<String>();
            var loop = f.forEachLine(line -> {
                seen.add(line);
                f.close();
            });
            assertThat(failure(loop, FileClosedException.class).operation()).isEqualTo("forEachLine");
            assertThat(seen).containsExactly("a\n");
            assertThat(f.isClosed()).isTrue();
        });
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("kinds")
    @DisplayName("forEachLine's action may wait for another thread's operation on the file")
    void actionWaitsForAnotherThread(Function<Path, TemporaryFile<String>> kind) {
        assertTimeoutPreemptively(HANG, () -> {
            try (var f = withTwoLines(kind, dir)) {
                var other = new AtomicReference<Long>();
                await(f.forEachLine(line -> {
                    if (other.get() == null) {
                        other.set(CompletableFuture.supplyAsync(() -> f.tell().join(), pool).join());
                    }
                }));
                assertThat(other.get()).isEqualTo(2L);
            }
        });
    }

    /** Runs tasks on the pool once {@link #open} is called; before that, holds them. */
    private final class Gate implements Executor {
        private final CountDownLatch open = new CountDownLatch(1);
        private final AtomicBoolean closed = new AtomicBoolean();

        @Override
        public void execute(Runnable task) {
            boolean wait = closed.get();
            pool.execute(() -> {
                if (wait) {
                    try {
                        open.await(HANG.toSeconds(), TimeUnit.SECONDS);
                    } catch (InterruptedException e) {
                        Thread.currentThread().interrupt();
                    }
                }
                task.run();
            });
        }
    }

    @Test
    @DisplayName("a callback chained on an operation may block on a later operation already queued behind it")
    void callbackBlocksOnALaterOperation() {
        assertTimeoutPreemptively(HANG, () -> {
            var gate = new Gate();
            try (var f = await(namedTemporaryFile(Mode.TEXT, TempOptions.defaults().withDir(dir).withExecutor(gate)))) {
                gate.closed.set(true);
                CompletableFuture<Integer> first = f.write("first ");
                CompletableFuture<Integer> second = f.write("second");
                // Chained before the first completes, so it runs on the thread completing it.
                CompletableFuture<Integer> chained = first.thenApply(n -> n + second.join());
                gate.open.countDown();
                assertThat(await(chained)).isEqualTo(12);
            }
        });
    }

    @Test
    @DisplayName("an executor whose execute() awaits an operation of the same file neither hangs nor reorders")
    void executorAwaitsTheFile() {
        var file = new AtomicReference<NamedTemporaryFile<String>>();
        var seenInExecute = new CopyOnWriteArrayList<Long>();
        var once = new AtomicBoolean();
        Executor calling = task -> {
            if (file.get() != null && once.compareAndSet(false, true)) {
                seenInExecute.add(file.get().tell().join());
            }
            pool.execute(task);
        };
        assertTimeoutPreemptively(HANG, () -> {
            file.set(await(namedTemporaryFile(Mode.TEXT, TempOptions.defaults().withDir(dir).withExecutor(calling))));
            try (var f = file.get()) {
                assertThat(await(f.write("abc"))).isEqualTo(3);
                assertThat(await(f.tell())).isEqualTo(3L);
            }
        });
        // Called after the write it is handing over, so it runs after it, as call order says.
        assertThat(seenInExecute).containsExactly(3L);
    }

    @Test
    @DisplayName("an executor that refuses: callbacks that call the file get their answer, nothing hangs, close still closes")
    void refusingExecutorWithCallbacks() {
        var accept = new AtomicBoolean(true);
        var file = new AtomicReference<NamedTemporaryFile<String>>();
        var queuedInExecute = new AtomicReference<CompletableFuture<Boolean>>();
        var once = new AtomicBoolean();
        Executor refusing = task -> {
            if (accept.get()) {
                pool.execute(task);
                return;
            }
            if (once.compareAndSet(false, true)) {
                // Queued while the first operation is being handed over, with a callback that calls the file.
                // Whether the tell succeeds or is refused too, the callback gets its answer.
                queuedInExecute.set(file.get().write("y").handle((n, failure) -> file.get().tell()
                        .handle((position, refused) -> position != null || refused != null).join()));
            }
            throw new RejectedExecutionException("no room");
        };
        assertTimeoutPreemptively(HANG, () -> {
            file.set(await(namedTemporaryFile(Mode.TEXT, TempOptions.defaults().withDir(dir).withExecutor(refusing))));
            var f = file.get();
            accept.set(false);
            failure(f.write("x"), RejectedExecutionException.class);
            assertThat(await(queuedInExecute.get())).isTrue();
            accept.set(true);
            assertThat(await(f.write("z"))).isEqualTo(1);
            accept.set(false);
            f.close();
        });
        assertThat(file.get().path()).doesNotExist();
    }

    @Test
    @DisplayName("writelines takes its elements on the calling thread, so the iterable may await the file")
    void iterableAwaitsTheFile() {
        assertTimeoutPreemptively(HANG, () -> {
            try (var f = await(temporaryFile(Mode.TEXT, TempOptions.defaults().withDir(dir)))) {
                await(f.write("0123"));
                Iterable<String> lines = () -> List.of("@" + f.tell().join()).iterator();
                await(f.writelines(lines));
                await(f.seek(0));
                assertThat(await(f.read())).isEqualTo("0123@4");
            }
        });
    }
}
