package dev.asynctemp;

import static dev.asynctemp.AsyncTempfile.spooledTemporaryFile;
import static dev.asynctemp.Outcomes.await;
import static dev.asynctemp.Outcomes.failure;
import static java.nio.charset.StandardCharsets.UTF_8;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.atomic.AtomicReference;
import java.util.stream.Stream;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

@DisplayName("SpooledTemporaryFile")
class SpooledTemporaryFileTests {

    @TempDir
    Path dir;

    private TempOptions inDir() {
        return TempOptions.defaults().withDir(dir);
    }

    private SpooledTemporaryFile<byte[]> binary(int maxSize) {
        return spooledTemporaryFile(maxSize, Mode.BINARY, inDir());
    }

    private static byte[] bytes(String text) {
        return text.getBytes(UTF_8);
    }

    private long filesInDir() throws IOException {
        try (Stream<Path> entries = Files.list(dir)) {
            return entries.count();
        }
    }

    @Nested
    @DisplayName("ports of anyio's tests")
    class AnyioPorts {

        @Test
        @DisplayName("a write below the limit stays in memory; the next one past it rolls over (test_writewithout_rolled)")
        void writeWithoutRolled() {
            try (var stf = binary(10)) {
                assertThat(await(stf.write(bytes("12345")))).isEqualTo(5);
                assertThat(stf.isRolledOver()).isFalse();
                await(stf.write(bytes("67890X")));
                assertThat(stf.isRolledOver()).isTrue();
            }
        }

        @Test
        @DisplayName("writelines below the limit stays, past it rolls over (test_writelines)")
        void writelines() {
            try (var stf = binary(20)) {
                await(stf.writelines(List.of(bytes("hello"), bytes("world"))));
                assertThat(stf.isRolledOver()).isFalse();
                await(stf.seek(0));
                assertThat(await(stf.read())).isEqualTo(bytes("helloworld"));
                await(stf.writelines(List.of(bytes("1234567890123456"))));
                assertThat(stf.isRolledOver()).isTrue();
                await(stf.seek(0));
                assertThat(await(stf.read())).isEqualTo(bytes("helloworld1234567890123456"));
            }
        }

        @Test
        @DisplayName("open inside the block, closed after (test_closed_state)")
        void closedState() {
            SpooledTemporaryFile<byte[]> escaped;
            try (var stf = binary(10)) {
                escaped = stf;
                assertThat(stf.isClosed()).isFalse();
            }
            assertThat(escaped.isClosed()).isTrue();
        }

        @Test
        @DisplayName("exactly maxSize bytes stay in memory, one more rolls over (test_exact_boundary_no_rollover)")
        void exactBoundary() {
            try (var stf = binary(10)) {
                await(stf.write(bytes("0123456789")));
                assertThat(stf.isRolledOver()).isFalse();
                await(stf.write(bytes("x")));
                assertThat(stf.isRolledOver()).isTrue();
            }
        }

        @Test
        @DisplayName("readinto works in memory and on disk")
        void readinto() {
            try (var stf = binary(8)) {
                await(stf.write(bytes("abcdef")));
                await(stf.seek(1));
                var buffer = ByteBuffer.allocate(3);
                assertThat(await(stf.readinto(buffer))).isEqualTo(3);
                assertThat(buffer.array()).isEqualTo(bytes("bcd"));
                await(stf.rollover());
                var rest = ByteBuffer.allocate(10);
                assertThat(await(stf.readinto(rest))).isEqualTo(2);
                assertThat(rest.flip()).isEqualTo(ByteBuffer.wrap(bytes("ef")));
            }
        }
    }

    @Test
    @DisplayName("the seed's example: text mode, write, seek, read")
    void seedExample() {
        try (SpooledTemporaryFile<String> f = spooledTemporaryFile(1024, Mode.TEXT)) {
            f.write("Spooled temp file content").join();
            f.seek(0).join();
            assertThat(f.read().join()).isEqualTo("Spooled temp file content");
            assertThat(f.isRolledOver()).isFalse();
            assertThat(f.maxSize()).isEqualTo(1024);
        }
    }

    @Test
    @DisplayName("a write after seeking past maxSize rolls over, and the gap reads as zeros")
    void seekPastThenWrite() {
        try (var stf = binary(4)) {
            await(stf.write(bytes("ab")));
            await(stf.seek(6));
            assertThat(stf.isRolledOver()).isFalse();
            await(stf.write(bytes("z")));
            assertThat(stf.isRolledOver()).isTrue();
            await(stf.seek(0));
            assertThat(await(stf.read())).isEqualTo(bytes("ab\0\0\0\0z"));
        }
    }

    @Test
    @DisplayName("truncate past maxSize rolls over; truncate within it does not")
    void truncateRollsOver() {
        try (var stf = binary(4)) {
            await(stf.truncate(4));
            assertThat(stf.isRolledOver()).isFalse();
            await(stf.truncate(5));
            assertThat(stf.isRolledOver()).isTrue();
            await(stf.seek(0));
            assertThat(await(stf.read())).hasSize(5).containsOnly(0);
        }
    }

    @Test
    @DisplayName("maxSize 0 or below never rolls over on its own (CPython's rule)")
    void nonPositiveMaxSize() {
        for (int maxSize : new int[] {0, -1}) {
            try (var stf = binary(maxSize)) {
                await(stf.write(new byte[100_000]));
                await(stf.truncate(200_000));
                assertThat(stf.isRolledOver()).isFalse();
                await(stf.rollover());
                assertThat(stf.isRolledOver()).isTrue();
            }
        }
    }

    @Test
    @DisplayName("rollover keeps the position and can be called again harmlessly")
    void explicitRollover() throws IOException {
        try (var stf = binary(100)) {
            await(stf.write(bytes("hello world")));
            await(stf.seek(6));
            await(stf.rollover());
            assertThat(stf.isRolledOver()).isTrue();
            assertThat(await(stf.tell())).isEqualTo(6L);
            assertThat(await(stf.read())).isEqualTo(bytes("world"));
            await(stf.rollover());
            assertThat(await(stf.tell())).isEqualTo(11L);
            assertThat(filesInDir()).as("the disk file has no name").isZero();
        }
    }

    @Test
    @DisplayName("in text mode the threshold counts encoded bytes")
    void textCountsEncodedBytes() {
        try (SpooledTemporaryFile<String> stf = spooledTemporaryFile(6, Mode.TEXT, inDir())) {
            assertThat(await(stf.write("ééé"))).isEqualTo(3);
            assertThat(stf.isRolledOver()).isFalse();
            await(stf.write("é"));
            assertThat(stf.isRolledOver()).isTrue();
            await(stf.seek(0));
            assertThat(await(stf.read())).isEqualTo("éééé");
        }
    }

    @Nested
    @DisplayName("threads")
    class Threads {

        @Test
        @DisplayName("in memory, every operation completes on the calling thread before returning")
        void noThreadHopInMemory() {
            try (var stf = binary(1024)) {
                List<CompletableFuture<?>> calls = List.of(stf.write(bytes("line\n")), stf.writelines(List.of(bytes("x\n"))),
                        stf.seek(0), stf.tell(), stf.readline(), stf.read(1), stf.read(), stf.readlines(),
                        stf.readinto(ByteBuffer.allocate(2)), stf.truncate(), stf.truncate(3), stf.flush());
                assertThat(calls).allMatch(CompletableFuture::isDone);
                var thread = new AtomicReference<Thread>();
                await(stf.seek(0));
                assertThat(stf.forEachLine(line -> thread.set(Thread.currentThread()))).isDone();
                assertThat(thread.get()).isSameAs(Thread.currentThread());
                assertThat(stf.closeAsync()).isDone();
            }
        }

        @Test
        @DisplayName("after rollover, operations run on the executor")
        void workerAfterRollover() {
            try (var stf = binary(4)) {
                await(stf.write(bytes("a\nbcdef\n")));
                assertThat(stf.isRolledOver()).isTrue();
                await(stf.seek(0));
                var thread = new AtomicReference<Thread>();
                await(stf.forEachLine(line -> thread.set(Thread.currentThread())));
                assertThat(thread.get()).isNotNull().isNotSameAs(Thread.currentThread());
            }
        }
    }

    @Test
    @DisplayName("truncate returns the new size, in memory and on disk, and refuses a negative size at once")
    void truncateReturnsTheSize() {
        try (var stf = binary(4)) {
            await(stf.write(bytes("abc")));
            assertThat(await(stf.truncate(2))).isEqualTo(2L);
            assertThat(await(stf.truncate())).as("truncate() cuts at the position, 3").isEqualTo(3L);
            assertThat(await(stf.truncate(6))).isEqualTo(6L);
            assertThat(stf.isRolledOver()).isTrue();
            await(stf.seek(1));
            assertThat(await(stf.truncate())).isEqualTo(1L);
            assertThatThrownBy(() -> stf.truncate(-1)).isInstanceOf(IllegalArgumentException.class)
                    .hasMessage("size must not be negative, but was -1");
        }
    }

    @Test
    @DisplayName("closing a rolled-over file releases its disk file's descriptor")
    void closeReleasesTheDescriptor() throws IOException {
        var stf = binary(1);
        await(stf.write(bytes("ab")));
        assertThat(stf.isRolledOver()).isTrue();
        assertThat(OpenDescriptors.under(dir)).hasSize(1);
        stf.close();
        assertThat(OpenDescriptors.under(dir)).isEmpty();
    }

    /** An executor that runs nothing until the test runs what it was handed. */
    static final class ManualExecutor implements java.util.concurrent.Executor {
        private final java.util.concurrent.BlockingQueue<Runnable> handed = new java.util.concurrent.LinkedBlockingQueue<>();

        @Override
        public void execute(Runnable task) {
            handed.add(task);
        }

        /** Runs what was handed over, on this thread, until {@code future} completes. */
        <T> T runUntil(CompletableFuture<T> future) throws InterruptedException {
            while (!future.isDone()) {
                Runnable task = handed.poll(30, java.util.concurrent.TimeUnit.SECONDS);
                assertThat(task).as("a task for the executor").isNotNull();
                task.run();
            }
            return future.join();
        }
    }

    @Test
    @DisplayName("on disk, writes and the close wait for the executor: no disk work runs on the calling thread")
    void diskWorkWaitsForTheExecutor() throws InterruptedException {
        var executor = new ManualExecutor();
        var stf = spooledTemporaryFile(4, Mode.BINARY, inDir().withExecutor(executor));
        var rollingOver = stf.write(bytes("abcdef"));
        assertThat(rollingOver).as("a write that must roll over goes to the executor").isNotDone();
        assertThat(executor.runUntil(rollingOver)).isEqualTo(6);
        assertThat(stf.isRolledOver()).isTrue();
        var write = stf.write(bytes("g"));
        assertThat(write).isNotDone();
        assertThat(executor.runUntil(write)).isEqualTo(1);
        var close = stf.closeAsync();
        assertThat(close).isNotDone();
        executor.runUntil(close);
        assertThat(stf.isClosed()).isTrue();
    }

    @Nested
    @DisplayName("failure safety")
    class FailureSafety {

        @Test
        @DisplayName("below the threshold no file system is touched: a missing dir does not matter")
        void noFileSystemBelowThreshold() {
            Path missing = dir.resolve("missing");
            try (var stf = spooledTemporaryFile(16, Mode.TEXT, inDir().withDir(missing))) {
                await(stf.write("0123456789"));
                await(stf.writelines(List.of("ab\n", "cd")));
                await(stf.seek(0));
                assertThat(await(stf.readline())).isEqualTo("0123456789ab\n");
                assertThat(await(stf.read())).isEqualTo("cd");
                await(stf.truncate(16));
                assertThat(stf.isRolledOver()).isFalse();
            }
            assertThat(missing).doesNotExist();
        }

        @Test
        @DisplayName("a failed rollover fails the write and keeps data and position; a later rollover works")
        void failedRolloverKeepsEverything() throws IOException {
            Path later = dir.resolve("later");
            var stf = spooledTemporaryFile(8, Mode.BINARY, inDir().withDir(later));
            await(stf.write(bytes("12345678")));
            await(stf.seek(3));

            failure(stf.write(bytes("XYZ-too-long")), NoSuchFileException.class);
            assertThat(stf.isRolledOver()).isFalse();
            assertThat(await(stf.tell())).isEqualTo(3L);
            failure(stf.rollover(), NoSuchFileException.class);
            failure(stf.truncate(9), NoSuchFileException.class);
            assertThat(await(stf.tell())).isEqualTo(3L);
            await(stf.seek(0));
            assertThat(await(stf.read())).isEqualTo(bytes("12345678"));

            Files.createDirectory(later);
            await(stf.seek(3));
            await(stf.write(bytes("XYZ-too-long")));
            assertThat(stf.isRolledOver()).isTrue();
            await(stf.seek(0));
            assertThat(await(stf.read())).isEqualTo(bytes("123XYZ-too-long"));
            stf.close();
            try (Stream<Path> left = Files.list(later)) {
                assertThat(left).isEmpty();
            }
        }

        @Test
        @DisplayName("a rollover into something that is not a directory leaves nothing behind")
        void rolloverIntoAFile() throws IOException {
            Path plain = Files.writeString(dir.resolve("plain"), "not a directory");
            try (var stf = spooledTemporaryFile(2, Mode.BINARY, inDir().withDir(plain))) {
                assertThat(failure(stf.write(bytes("abc")))).isInstanceOf(IOException.class);
                assertThat(stf.isRolledOver()).isFalse();
                assertThat(await(stf.tell())).isZero();
            }
            assertThat(filesInDir()).isEqualTo(1);
        }

        @Test
        @DisplayName("a coding error in text mode writes nothing, in memory or past the threshold")
        void codingError() {
            var strictLatin = Mode.TEXT.withCharset(java.nio.charset.StandardCharsets.ISO_8859_1);
            try (var stf = spooledTemporaryFile(4, strictLatin, inDir())) {
                failure(stf.write("€"), java.nio.charset.CharacterCodingException.class);
                failure(stf.write("12345€"), java.nio.charset.CharacterCodingException.class);
                assertThat(stf.isRolledOver()).isFalse();
                assertThat(await(stf.tell())).isZero();
            }
        }
    }

    @Test
    @DisplayName("after close, operations fail naming the operation; close is idempotent")
    void afterClose() {
        var stf = binary(4);
        stf.close();
        stf.close();
        assertThat(failure(stf.write(bytes("x")), FileClosedException.class))
                .hasMessage("write() on closed SpooledTemporaryFile (in memory)");
        failure(stf.rollover(), java.nio.channels.ClosedChannelException.class);
        failure(stf.truncate(9), java.nio.channels.ClosedChannelException.class);
    }

    @Test
    @DisplayName("options asking for what a spooled file cannot do are refused")
    void options() {
        assertThatThrownBy(() -> spooledTemporaryFile(1, Mode.BINARY, TempOptions.defaults().withDelete(false)))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageStartingWith("spooledTemporaryFile cannot keep its file on disk after close");
        assertThatThrownBy(() -> spooledTemporaryFile(1, null)).hasMessage("mode must not be null");
    }
}
