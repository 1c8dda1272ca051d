package dev.asynctemp.benchmarks;

import dev.asynctemp.AsyncTempfile;
import dev.asynctemp.Mode;
import dev.asynctemp.TempOptions;
import dev.asynctemp.TemporaryFile;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.concurrent.TimeUnit;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Level;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.TearDown;

/**
 * What the async layer costs over the blocking call it wraps: a small round trip (write 4 KiB,
 * seek, read 4 KiB) and large sequential transfers (64 writes of 1 MiB, then 64 reads), each through a
 * {@link TemporaryFile} and through a plain {@link FileChannel} on the same file system.
 */
@State(Scope.Thread)
@BenchmarkMode(org.openjdk.jmh.annotations.Mode.AverageTime)
@OutputTimeUnit(TimeUnit.MICROSECONDS)
public class AsyncIoBenchmark {

    static final int SMALL = 4 * 1024;
    static final int LARGE = 1024 * 1024;
    /**
     * 1 MiB operations per direction of a sequential transfer: 64 MiB, a large file, so the one
     * hand-over that starts a burst and the one wake-up that ends it are spread over the transfer.
     * The 4 KiB round trips show those per-call costs on their own.
     */
    static final int CHUNKS = 64;

    private final byte[] small = new byte[SMALL];
    private final byte[] large = new byte[LARGE];
    private final ByteBuffer smallBuffer = ByteBuffer.allocate(SMALL);
    private final ByteBuffer largeBuffer = ByteBuffer.allocate(LARGE);
    /** Async reads rotate a few buffers, each awaited only before it is reused. */
    private final ByteBuffer[] rotating = {ByteBuffer.allocate(LARGE), ByteBuffer.allocate(LARGE),
            ByteBuffer.allocate(LARGE), ByteBuffer.allocate(LARGE)};
    private final java.util.List<java.util.concurrent.CompletableFuture<Integer>> inFlight =
            new java.util.ArrayList<>(java.util.Collections.nCopies(rotating.length, null));
    private final java.util.List<java.util.concurrent.Future<?>> plainInFlight =
            new java.util.ArrayList<>(java.util.Collections.nCopies(rotating.length, null));
    private final java.util.concurrent.ExecutorService single = java.util.concurrent.Executors.newSingleThreadExecutor();
    private Path channelPath;
    private FileChannel channel;
    private TemporaryFile<byte[]> file;

    @Setup(Level.Trial)
    public void open() throws IOException {
        Path dir = Path.of(System.getProperty("java.io.tmpdir"));
        channelPath = Files.createTempFile(dir, "bench-channel", "");
        channel = FileChannel.open(channelPath, StandardOpenOption.READ, StandardOpenOption.WRITE);
        file = AsyncTempfile.temporaryFile(Mode.BINARY, TempOptions.defaults().withDir(dir)).join();
    }

    @TearDown(Level.Trial)
    public void close() throws IOException {
        single.shutdown();
        file.close();
        channel.close();
        Files.delete(channelPath);
    }

    @Benchmark
    public byte[] smallRoundTripAsync() {
        file.write(small).join();
        file.seek(0).join();
        return file.read(SMALL).join();
    }

    @Benchmark
    public ByteBuffer smallRoundTripChannel() throws IOException {
        writeFully(channel, ByteBuffer.wrap(small), 0);
        smallBuffer.clear();
        readFully(channel, smallBuffer, 0);
        return smallBuffer;
    }

    /**
     * Sequential transfer the way async code does it: the writes are issued back to back and
     * awaited once; the reads go with {@code readinto} into a few rotating buffers (allocating
     * nothing, as the channel's one reused buffer), each awaited only before it is reused.
     */
    @Benchmark
    @OutputTimeUnit(TimeUnit.MILLISECONDS)
    public ByteBuffer largeWriteReadAsync() {
        return transfer(file, large, rotating, inFlight);
    }

    /**
     * One sequential transfer as {@link #largeWriteReadAsync()} makes it: {@value #CHUNKS} writes of
     * {@code data} issued back to back and awaited once, then as many reads into {@code rotating},
     * each buffer awaited ({@code inFlight}) only before it is reused.
     */
    static ByteBuffer transfer(TemporaryFile<byte[]> file, byte[] data, ByteBuffer[] rotating,
            java.util.List<java.util.concurrent.CompletableFuture<Integer>> inFlight) {
        file.seek(0);
        for (int i = 0; i < CHUNKS - 1; i++) {
            file.write(data);
        }
        file.write(data).join();
        file.seek(0);
        for (int i = 0; i < CHUNKS; i++) {
            int slot = i % rotating.length;
            if (inFlight.get(slot) != null) {
                inFlight.get(slot).join();
            }
            rotating[slot].clear();
            inFlight.set(slot, file.readinto(rotating[slot]));
        }
        for (int slot = 0; slot < rotating.length; slot++) {
            inFlight.get(slot).join();
            inFlight.set(slot, null);
        }
        return rotating[0];
    }

    /** The same reads with {@code read(n)}, which returns a new array each time. */
    @Benchmark
    @OutputTimeUnit(TimeUnit.MILLISECONDS)
    public byte[] largeWriteReadAllocatingAsync() {
        file.seek(0);
        for (int i = 0; i < CHUNKS - 1; i++) {
            file.write(large);
        }
        file.write(large).join();
        file.seek(0);
        for (int i = 0; i < CHUNKS - 1; i++) {
            file.read(LARGE);
        }
        return file.read(LARGE).join();
    }

    /**
     * The same transfer through a plain single-thread {@link java.util.concurrent.ExecutorService}
     * running the channel's calls, handed over and awaited exactly as {@link #largeWriteReadAsync()}
     * awaits its own: the cost of the hand-overs themselves, with no library in between.
     */
    @Benchmark
    @OutputTimeUnit(TimeUnit.MILLISECONDS)
    public ByteBuffer largeWriteReadExecutor() throws Exception {
        java.util.concurrent.Future<?> last = null;
        for (int i = 0; i < CHUNKS; i++) {
            long position = (long) i * LARGE;
            last = single.submit(() -> {
                writeFully(channel, ByteBuffer.wrap(large), position);
                return null;
            });
        }
        last.get();
        for (int i = 0; i < CHUNKS; i++) {
            int slot = i % rotating.length;
            if (plainInFlight.get(slot) != null) {
                plainInFlight.get(slot).get();
            }
            ByteBuffer buffer = rotating[slot];
            long position = (long) i * LARGE;
            plainInFlight.set(slot, single.submit(() -> {
                buffer.clear();
                readFully(channel, buffer, position);
                return null;
            }));
        }
        for (int slot = 0; slot < rotating.length; slot++) {
            plainInFlight.get(slot).get();
            plainInFlight.set(slot, null);
        }
        return rotating[0];
    }

    /** The same transfer with blocking calls on a plain channel. */
    @Benchmark
    @OutputTimeUnit(TimeUnit.MILLISECONDS)
    public ByteBuffer largeWriteReadChannel() throws IOException {
        for (int i = 0; i < CHUNKS; i++) {
            writeFully(channel, ByteBuffer.wrap(large), (long) i * LARGE);
        }
        for (int i = 0; i < CHUNKS; i++) {
            largeBuffer.clear();
            readFully(channel, largeBuffer, (long) i * LARGE);
        }
        return largeBuffer;
    }

    static void writeFully(FileChannel channel, ByteBuffer buffer, long position) throws IOException {
        long at = position;
        while (buffer.hasRemaining()) {
            at += channel.write(buffer, at);
        }
    }

    static void readFully(FileChannel channel, ByteBuffer buffer, long position) throws IOException {
        long at = position;
        while (buffer.hasRemaining()) {
            int n = channel.read(buffer, at);
            if (n < 0) {
                break;
            }
            at += n;
        }
    }
}
