package dev.asynctemp;

import static dev.asynctemp.AsyncTempfile.temporaryFile;
import static dev.asynctemp.Outcomes.await;
import static dev.asynctemp.Outcomes.failure;
import static java.nio.charset.StandardCharsets.UTF_8;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.ByteBuffer;
import java.nio.channels.ClosedChannelException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.function.Function;
import java.util.stream.Stream;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

@DisplayName("TemporaryFile")
class TemporaryFileTests {

    @TempDir
    Path dir;

    private TemporaryFile<byte[]> binaryFile() {
        return await(temporaryFile(Mode.BINARY, TempOptions.defaults().withDir(dir)));
    }

    private static byte[] bytes(String text) {
        return text.getBytes(UTF_8);
    }

    @Nested
    @DisplayName("ports of anyio's tests")
    class AnyioPorts {

        @Test
        @DisplayName("round trip, and closed after the block (test_temporary_file)")
        void roundTripAndClosedAfterExit() {
            byte[] data = bytes("temporary file data");
            TemporaryFile<byte[]> escaped;
            byte[] result;
            try (TemporaryFile<byte[]> file = await(temporaryFile())) {
                escaped = file;
                await(file.write(data));
                await(file.seek(0));
                result = await(file.read());
            }
            assertThat(result).isEqualTo(data);
            assertThat(escaped.isClosed()).isTrue();
        }
    }

    @Test
    @DisplayName("has no visible name: its directory is empty right after creation (POSIX)")
    void anonymousOnPosix() throws Exception {
        org.junit.jupiter.api.Assumptions.assumeTrue(dev.asynctemp.internal.Creation.isPosix());
        try (TemporaryFile<byte[]> file = binaryFile()) {
            await(file.write(bytes("still readable")));
            try (Stream<Path> entries = Files.list(dir)) {
                assertThat(entries).isEmpty();
            }
            await(file.seek(0));
            assertThat(await(file.read())).isEqualTo(bytes("still readable"));
        }
    }

    @Test
    @DisplayName("runs operations in call order without waiting in between")
    void operationsRunInCallOrder() {
        try (TemporaryFile<byte[]> file = binaryFile()) {
            var writes = new ArrayList<CompletableFuture<Integer>>();
            for (int i = 0; i < 200; i++) {
                writes.add(file.write(new byte[] {(byte) i}));
            }
            file.seek(0);
            byte[] all = await(file.read());
            assertThat(writes).allMatch(w -> w.isDone() && !w.isCompletedExceptionally());
            assertThat(all).hasSize(200);
            for (int i = 0; i < 200; i++) {
                assertThat(all[i]).isEqualTo((byte) i);
            }
        }
    }

    @Test
    @DisplayName("once a write's future is done the array is free to reuse; writelines takes its elements at the call")
    void bufferReuse() {
        try (TemporaryFile<byte[]> file = binaryFile()) {
            byte[] buffer = bytes("abc");
            await(file.write(buffer));
            buffer[0] = 'X';
            await(file.write(buffer));
            var lines = new ArrayList<byte[]>(List.of(bytes("1"), bytes("2")));
            var writing = file.writelines(lines);
            lines.clear();
            await(writing);
            await(file.seek(0));
            assertThat(await(file.read())).isEqualTo(bytes("abcXbc12"));
        }
    }

    @Test
    @DisplayName("read(n) reads at most n bytes and returns empty at the end")
    void readSized() {
        try (TemporaryFile<byte[]> file = binaryFile()) {
            await(file.write(bytes("0123456789")));
            await(file.seek(0));
            assertThat(await(file.read(4))).isEqualTo(bytes("0123"));
            assertThat(await(file.read(0))).isEmpty();
            assertThat(await(file.read(100))).isEqualTo(bytes("456789"));
            assertThat(await(file.read(5))).isEmpty();
            assertThat(await(file.read())).isEmpty();
        }
    }

    @Test
    @DisplayName("readline, readlines and forEachLine split at \\n and keep it")
    void lines() {
        try (TemporaryFile<byte[]> file = binaryFile()) {
            await(file.writelines(List.of(bytes("one\n"), bytes("two\r\n"), bytes("\n"), bytes("last"))));
            await(file.seek(0));
            assertThat(new String(await(file.readline()), UTF_8)).isEqualTo("one\n");
            assertThat(await(file.readlines())).extracting(b -> new String(b, UTF_8))
                    .containsExactly("two\r\n", "\n", "last");
            assertThat(await(file.readline())).isEmpty();

            await(file.seek(0));
            var seen = new ArrayList<String>();
            await(file.forEachLine(line -> seen.add(new String(line, UTF_8))));
            assertThat(seen).containsExactly("one\n", "two\r\n", "\n", "last");
        }
    }

    @Test
    @DisplayName("readline finds a line end beyond its first chunk")
    void longLine() {
        try (TemporaryFile<byte[]> file = binaryFile()) {
            byte[] line = new byte[20_000];
            java.util.Arrays.fill(line, (byte) 'x');
            line[line.length - 1] = '\n';
            await(file.write(line));
            await(file.write(bytes("next")));
            await(file.seek(0));
            assertThat(await(file.readline())).isEqualTo(line);
            assertThat(await(file.tell())).isEqualTo(20_000L);
            assertThat(await(file.readline())).isEqualTo(bytes("next"));
        }
    }

    @Test
    @DisplayName("forEachLine fails with what the action threw")
    void forEachLineFailure() {
        try (TemporaryFile<byte[]> file = binaryFile()) {
            await(file.write(bytes("a\nb\n")));
            await(file.seek(0));
            var boom = new IllegalStateException("boom");
            assertThat(failure(file.forEachLine(line -> {
                throw boom;
            }))).isSameAs(boom);
        }
    }

    @Test
    @DisplayName("readinto fills the buffer from the position and returns 0 at the end")
    void readinto() {
        try (TemporaryFile<byte[]> file = binaryFile()) {
            await(file.write(bytes("hello world")));
            await(file.seek(6));
            var buffer = ByteBuffer.allocate(3);
            assertThat(await(file.readinto(buffer))).isEqualTo(3);
            assertThat(buffer.array()).isEqualTo(bytes("wor"));
            var rest = ByteBuffer.allocate(10);
            assertThat(await(file.readinto(rest))).isEqualTo(2);
            assertThat(await(file.readinto(ByteBuffer.allocate(4)))).isZero();
            assertThatThrownBy(() -> file.readinto(ByteBuffer.allocate(1).asReadOnlyBuffer()))
                    .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("buffer");
        }
    }

    @Test
    @DisplayName("seek supports every whence, allows positions past the end, refuses negative ones")
    void seek() {
        try (TemporaryFile<byte[]> file = binaryFile()) {
            await(file.write(bytes("0123456789")));
            assertThat(await(file.seek(2))).isEqualTo(2L);
            assertThat(await(file.seek(3, Whence.CURRENT))).isEqualTo(5L);
            assertThat(await(file.seek(-1, Whence.CURRENT))).isEqualTo(4L);
            assertThat(await(file.seek(-2, Whence.END))).isEqualTo(8L);
            assertThat(await(file.read())).isEqualTo(bytes("89"));

            var negative = failure(file.seek(-11, Whence.END), IllegalArgumentException.class);
            assertThat(negative).hasMessageContaining("negative position -1");
            assertThat(await(file.tell())).isEqualTo(10L);

            assertThat(await(file.seek(3, Whence.END))).isEqualTo(13L);
            await(file.write(bytes("!")));
            await(file.seek(0));
            assertThat(await(file.read())).isEqualTo(bytes("0123456789\0\0\0!"));

            assertThatThrownBy(() -> file.seek(-1)).isInstanceOf(IllegalArgumentException.class)
                    .hasMessageContaining("offset");
            assertThatThrownBy(() -> file.seek(0, null)).isInstanceOf(NullPointerException.class)
                    .hasMessageContaining("whence");
        }
    }

    @Test
    @DisplayName("truncate cuts or extends with zeros and leaves the position alone")
    void truncate() {
        try (TemporaryFile<byte[]> file = binaryFile()) {
            await(file.write(bytes("0123456789")));
            await(file.seek(4));
            assertThat(await(file.truncate())).isEqualTo(4L);
            assertThat(await(file.tell())).isEqualTo(4L);
            assertThat(await(file.truncate(6))).isEqualTo(6L);
            await(file.seek(0));
            assertThat(await(file.read())).isEqualTo(bytes("0123\0\0"));
            assertThat(await(file.truncate(1))).isEqualTo(1L);
            assertThat(await(file.tell())).isEqualTo(6L);
            assertThat(await(file.read())).isEmpty();
            assertThatThrownBy(() -> file.truncate(-1)).isInstanceOf(IllegalArgumentException.class)
                    .hasMessage("size must not be negative, but was -1");
        }
    }

    @Test
    @DisplayName("flush completes after the operations called before it")
    void flushOrders() {
        try (TemporaryFile<byte[]> file = binaryFile()) {
            var write = file.write(new byte[1 << 20]);
            await(file.flush());
            assertThat(write).isCompleted();
        }
    }

    @Test
    @DisplayName("rejects bad arguments at once, naming them")
    void badArguments() {
        try (TemporaryFile<byte[]> file = binaryFile()) {
            assertThatThrownBy(() -> file.read(-1)).isInstanceOf(IllegalArgumentException.class)
                    .hasMessage("size must not be negative, but was -1");
            assertThatThrownBy(() -> file.write(null)).isInstanceOf(NullPointerException.class)
                    .hasMessageContaining("data");
            assertThatThrownBy(() -> file.writelines(null)).isInstanceOf(NullPointerException.class)
                    .hasMessageContaining("lines");
            var withNull = new ArrayList<byte[]>();
            withNull.add(bytes("a"));
            withNull.add(null);
            assertThatThrownBy(() -> file.writelines(withNull)).isInstanceOf(NullPointerException.class)
                    .hasMessage("lines[1] must not be null");
            assertThatThrownBy(() -> file.readinto(null)).isInstanceOf(NullPointerException.class);
            assertThatThrownBy(() -> file.forEachLine(null)).isInstanceOf(NullPointerException.class);
            assertThat(await(file.tell())).isZero();
        }
    }

    @Nested
    @DisplayName("after close")
    class AfterClose {

        @Test
        @DisplayName("close is idempotent, blocking and async alike")
        void doubleClose() {
            TemporaryFile<byte[]> file = binaryFile();
            file.close();
            file.close();
            await(file.closeAsync());
            assertThat(file.isClosed()).isTrue();
        }

        @Test
        @DisplayName("closing waits for operations called before it")
        void closeWaitsForInFlight() {
            TemporaryFile<byte[]> file = binaryFile();
            var write = file.write(new byte[4 << 20]);
            var size = file.seek(0, Whence.END);
            file.close();
            assertThat(write).isCompletedWithValue(4 << 20);
            assertThat(size).isCompletedWithValue((long) (4 << 20));
        }

        static Stream<Arguments> operations() {
            return Stream.of(
                    op("read", f -> f.read()),
                    op("read", f -> f.read(1)),
                    op("readline", f -> f.readline()),
                    op("readlines", f -> f.readlines()),
                    op("forEachLine", f -> f.forEachLine(l -> { })),
                    op("readinto", f -> f.readinto(ByteBuffer.allocate(1))),
                    op("write", f -> f.write(new byte[1])),
                    op("writelines", f -> f.writelines(List.of(new byte[1]))),
                    op("seek", f -> f.seek(0)),
                    op("seek", f -> f.seek(0, Whence.END)),
                    op("tell", f -> f.tell()),
                    op("truncate", f -> f.truncate()),
                    op("truncate", f -> f.truncate(0)),
                    op("flush", f -> f.flush()));
        }

        private static Arguments op(String name, Function<TemporaryFile<byte[]>, CompletableFuture<?>> call) {
            return Arguments.of(name, call);
        }

        @ParameterizedTest(name = "{0}")
        @MethodSource("operations")
        @DisplayName("every operation fails with FileClosedException, a ClosedChannelException naming itself")
        void useAfterClose(String name, Function<TemporaryFile<byte[]>, CompletableFuture<?>> call) {
            TemporaryFile<byte[]> file = binaryFile();
            file.close();
            var failure = failure(call.apply(file), FileClosedException.class);
            assertThat(failure).isInstanceOf(ClosedChannelException.class).hasMessageStartingWith(name
                    + "() on closed TemporaryFile");
            assertThat(failure.operation()).isEqualTo(name);
        }
    }
}
