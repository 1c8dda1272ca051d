package dev.asynctemp;

import static dev.asynctemp.AsyncTempfile.namedTemporaryFile;
import static dev.asynctemp.AsyncTempfile.spooledTemporaryFile;
import static dev.asynctemp.Outcomes.await;
import static dev.asynctemp.Outcomes.failure;
import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assertions.assertTimeoutPreemptively;

import java.nio.ByteBuffer;
import java.nio.CharBuffer;
import java.nio.charset.Charset;
import java.nio.charset.CharsetDecoder;
import java.nio.charset.CharsetEncoder;
import java.nio.charset.CoderResult;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.Executor;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.atomic.AtomicReference;
import java.util.function.Function;
import java.util.function.Supplier;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Named;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * Whatever is thrown while an operation runs (by the library, the JVM, or a user's executor), the
 * failure reaches that operation's future, no async method throws it, and the file stays usable
 * and closable. Faults are injected for real: a charset whose encoder runs out of memory, and
 * executors that throw.
 */
@DisplayName("No failure wedges a file: it reaches the future, and the file stays usable and closable")
class WedgeTests {

    /** Bounds what would hang on the test thread itself (a close that blocks for ever). */
    private static final Duration HANG = Duration.ofSeconds(30);

    /** The char that makes {@link Faulty}'s encoder throw. */
    static final char BOOM = '\uE000';

    @TempDir
    Path dir;

    private final ExecutorService pool = Executors.newCachedThreadPool();

    @AfterEach
    void stopPool() {
        pool.shutdownNow();
    }

    /**
     * A one-byte charset (Latin-1's mapping) whose encoder throws {@link OutOfMemoryError} at
     * {@link #BOOM}: what encoding a payload larger than the heap does, without needing one.
     */
    static final class Faulty extends Charset {
        Faulty() {
            super("x-asynctemp-faulty", null);
        }

        @Override
        public boolean contains(Charset cs) {
            return cs == this;
        }

        @Override
        public CharsetDecoder newDecoder() {
            return new CharsetDecoder(this, 1, 1) {
                @Override
                protected CoderResult decodeLoop(ByteBuffer in, CharBuffer out) {
                    while (in.hasRemaining()) {
                        if (!out.hasRemaining()) {
                            return CoderResult.OVERFLOW;
                        }
                        out.put((char) (in.get() & 0xff));
                    }
                    return CoderResult.UNDERFLOW;
                }
            };
        }

        @Override
        public CharsetEncoder newEncoder() {
            return new CharsetEncoder(this, 1, 1) {
                @Override
                protected CoderResult encodeLoop(CharBuffer in, ByteBuffer out) {
                    while (in.hasRemaining()) {
                        char c = in.get(in.position());
                        if (c == BOOM) {
                            throw new OutOfMemoryError("injected: no memory to encode");
                        }
                        if (!out.hasRemaining()) {
                            return CoderResult.OVERFLOW;
                        }
                        in.get();
                        out.put((byte) c);
                    }
                    return CoderResult.UNDERFLOW;
                }
            };
        }
    }

    static Stream<Named<Function<Path, TemporaryFile<String>>>> faultyFiles() {
        Mode.Text faulty = Mode.TEXT.withCharset(new Faulty());
        return Stream.of(
                Named.of("SpooledTemporaryFile in memory (the encoding runs on the calling thread)",
                        dir -> spooledTemporaryFile(1 << 20, faulty, TempOptions.defaults().withDir(dir))),
                Named.of("SpooledTemporaryFile on disk", dir -> {
                    var file = spooledTemporaryFile(1, faulty, TempOptions.defaults().withDir(dir));
                    await(file.rollover());
                    return file;
                }),
                Named.of("NamedTemporaryFile", dir -> await(namedTemporaryFile(faulty,
                        TempOptions.defaults().withDir(dir)))));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("faultyFiles")
    @DisplayName("an OutOfMemoryError while writing fails that write only; the file goes on and closes")
    void outOfMemoryWhileWriting(Function<Path, TemporaryFile<String>> kind) {
        assertTimeoutPreemptively(HANG, () -> {
            TemporaryFile<String> file = kind.apply(dir);
            CompletableFuture<Void> lines = file.writelines(List.of("kept\n", "lost" + BOOM, "never\n"));
            assertThat(failure(lines, OutOfMemoryError.class)).hasMessageContaining("injected");
            assertThat(failure(file.write("x" + BOOM), OutOfMemoryError.class)).hasMessageContaining("injected");
            assertThat(await(file.write("after\n"))).isEqualTo(6);
            await(file.seek(0));
            assertThat(await(file.read())).isEqualTo("kept\nafter\n");
            file.close();
            assertThat(file.isClosed()).isTrue();
        });
    }

    /** An executor that throws what {@code next} says once, then hands tasks to the pool. */
    private Executor throwingOnce(AtomicReference<Supplier<? extends Throwable>> next) {
        return task -> {
            Supplier<? extends Throwable> thrown = next.getAndSet(null);
            if (thrown != null) {
                sneakyThrow(thrown.get());
            }
            pool.execute(task);
        };
    }

    @SuppressWarnings("unchecked")
    private static <E extends Throwable> void sneakyThrow(Throwable t) throws E {
        throw (E) t;
    }

    static Stream<Named<Supplier<? extends Throwable>>> executorFaults() {
        return Stream.of(
                Named.of("RejectedExecutionException", () -> new RejectedExecutionException("full")),
                Named.of("IllegalStateException", () -> new IllegalStateException("shutting down")),
                Named.of("an Error", () -> new AssertionError("executor broke")),
                Named.of("OutOfMemoryError", () -> new OutOfMemoryError("unable to create native thread")));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("executorFaults")
    @DisplayName("an executor that throws fails the operation it was handed, never the caller; the file goes on and closes")
    void executorThrows(Supplier<? extends Throwable> fault) {
        var next = new AtomicReference<Supplier<? extends Throwable>>();
        assertTimeoutPreemptively(HANG, () -> {
            var file = await(namedTemporaryFile(Mode.BINARY, TempOptions.defaults().withDir(dir)
                    .withExecutor(throwingOnce(next))));
            next.set(fault);
            CompletableFuture<Integer> failed = file.write(new byte[] {1});
            assertThat(failure(failed)).isInstanceOf(fault.get().getClass());
            assertThat(await(file.write(new byte[] {2, 3}))).isEqualTo(2);
            await(file.seek(0));
            assertThat(await(file.read())).containsExactly(2, 3);
            next.set(fault);
            file.close();
            assertThat(file.path()).doesNotExist();
        });
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("executorFaults")
    @DisplayName("a spooled file whose rollover the executor refuses: the write fails with it, nothing is lost")
    void executorThrowsAtRollover(Supplier<? extends Throwable> fault) {
        var next = new AtomicReference<Supplier<? extends Throwable>>();
        assertTimeoutPreemptively(HANG, () -> {
            var file = spooledTemporaryFile(4, Mode.BINARY, TempOptions.defaults().withDir(dir)
                    .withExecutor(throwingOnce(next)));
            await(file.write(new byte[] {1, 2}));
            next.set(fault);
            assertThat(failure(file.writelines(List.of(new byte[] {3}, new byte[] {4, 5, 6}))))
                    .isInstanceOf(fault.get().getClass());
            assertThat(file.isRolledOver()).isFalse();
            // The elements that fitted stay written, as with any failure part-way through writelines.
            assertThat(await(file.tell())).isEqualTo(3L);
            await(file.write(new byte[] {7, 8}));
            assertThat(file.isRolledOver()).isTrue();
            await(file.seek(0));
            assertThat(await(file.read())).containsExactly(1, 2, 3, 7, 8);
            file.close();
        });
    }

    @Test
    @DisplayName("an executor that refuses everything: every operation fails with it, and close still closes and removes")
    void executorRefusesEverything() {
        var refusing = new AtomicReference<Boolean>(false);
        Executor executor = task -> {
            if (refusing.get()) {
                throw new RejectedExecutionException("shut down");
            }
            pool.execute(task);
        };
        assertTimeoutPreemptively(HANG, () -> {
            var file = await(namedTemporaryFile(Mode.BINARY, TempOptions.defaults().withDir(dir).withExecutor(executor)));
            refusing.set(true);
            var write = file.write(new byte[] {1});
            var read = file.read();
            failure(write, RejectedExecutionException.class);
            failure(read, RejectedExecutionException.class);
            file.close();
            assertThat(file.path()).doesNotExist();
        });
    }

    @Test
    @DisplayName("an Error thrown by forEachLine's action fails the loop only")
    void actionThrowsError() {
        try (var file = await(namedTemporaryFile(Mode.TEXT, TempOptions.defaults().withDir(dir)))) {
            await(file.write("a\nb\n"));
            await(file.seek(0));
            assertThat(failure(file.forEachLine(line -> {
                throw new StackOverflowError("injected");
            }))).isInstanceOf(StackOverflowError.class);
            assertThat(await(file.readline())).isEqualTo("b\n");
        }
    }
}
