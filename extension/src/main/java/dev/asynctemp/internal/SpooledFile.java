package dev.asynctemp.internal;

import dev.asynctemp.Mode;
import dev.asynctemp.SpooledTemporaryFile;
import dev.asynctemp.TempOptions;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.file.Path;
import java.util.List;
import java.util.Objects;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.Executor;

/**
 * A {@link SpooledTemporaryFile}: an {@link AsyncFile} over a {@link MemoryStore} that swaps in a
 * {@link ChannelStore} when it rolls over. While in memory, operations run on the calling thread
 * (through {@link SerialQueue}'s inline path, so order is kept); an operation that must roll over,
 * and everything after, runs on the executor.
 *
 * @param <T> {@code byte[]} or {@code String}
 */
public final class SpooledFile<T> extends AsyncFile<T> implements SpooledTemporaryFile<T> {

    private final int maxSize;
    private final TempOptions options;
    private final MemoryStore memory;
    /** Written only by the task holding the queue; read anywhere. */
    private volatile boolean rolledOver;
    /** The disk file's name where the platform keeps one until close; {@code null} otherwise. */
    private volatile Path removeOnClose;

    private SpooledFile(Mode<T> mode, MemoryStore memory, int maxSize, TempOptions options, Executor executor) {
        super(mode, opsFor(mode, memory), new SerialQueue(executor), null);
        this.memory = memory;
        this.maxSize = maxSize;
        this.options = options;
    }

    /**
     * Creates a spooled file; touches no file system.
     *
     * @param maxSize the threshold in bytes
     * @param mode the mode
     * @param options prefix, suffix and dir for the disk file, executor
     * @param executor where operations run after rollover
     * @param <T> the element type
     * @return the file, in memory
     */
    public static <T> SpooledFile<T> create(int maxSize, Mode<T> mode, TempOptions options, Executor executor) {
        return new SpooledFile<>(mode, new MemoryStore(maxSize), maxSize, options, executor);
    }

    @Override
    String describe() {
        return rolledOver ? "SpooledTemporaryFile (on disk)" : "SpooledTemporaryFile (in memory)";
    }

    @Override
    public int maxSize() {
        return maxSize;
    }

    @Override
    public boolean isRolledOver() {
        return rolledOver;
    }

    private boolean inMemory() {
        return !rolledOver;
    }

    /** In memory, runs on the calling thread; on disk, like any file's operation, on a worker. */
    @Override
    <R> CompletableFuture<R> submit(String operation, IoCall<R> call) {
        return queue.submit(operation, onDiskOnWorker(call), true);
    }

    @Override
    void submitStep(String operation, IoCall<T> call, CompletableFuture<T> into, CompletableFuture<?> after) {
        queue.submitStep(operation, onDiskOnWorker(call), true, into, after);
    }

    /** Moves {@code call} to a worker first if the content is on disk by the time it runs. */
    private <R> IoCall<R> onDiskOnWorker(IoCall<R> call) {
        return () -> {
            if (rolledOver) {
                queue.requireWorker();
            }
            return call.call();
        };
    }

    @Override
    public CompletableFuture<Integer> write(T data) {
        Objects.requireNonNull(data, "data must not be null");
        var write = new PendingWrite(List.of(data));
        return queue.submit("write", () -> {
            write.run();
            return ops.units(data);
        }, true);
    }

    @Override
    public CompletableFuture<Void> writelines(Iterable<? extends T> lines) {
        var write = new PendingWrite(copyLines(lines));
        return queue.submit("writelines", () -> {
            write.run();
            return null;
        }, true);
    }

    @Override
    public CompletableFuture<Long> truncate() {
        return submit("truncate", () -> resize(ops.position()));
    }

    @Override
    public CompletableFuture<Long> truncate(long size) {
        Checks.notNegative(size, "size");
        return submit("truncate", () -> resize(size));
    }

    private long resize(long size) throws IOException {
        makeRoomFor(size);
        return ops.truncate(size);
    }

    @Override
    public CompletableFuture<Void> rollover() {
        return queue.submit("rollover", () -> {
            if (inMemory()) {
                queue.requireWorker();
                rollOverNow();
            }
            return null;
        }, true);
    }

    /** Tells whether content ending at byte {@code end} may stay in memory. */
    private boolean fits(long end) {
        return maxSize <= 0 || end <= maxSize;
    }

    /** Rolls over, on a worker, if content ending at {@code end} does not fit in memory. */
    private void makeRoomFor(long end) throws IOException {
        if (inMemory() && !fits(end)) {
            queue.requireWorker();
            rollOverNow();
        }
    }

    /**
     * Moves the content to an anonymous disk file. On failure nothing changes: the content stays in
     * memory at the same position and the half-made file is closed and removed.
     */
    private void rollOverNow() throws IOException {
        if (rolledOver) {
            return;
        }
        var file = TempFiles.anonymousFile(options);
        var disk = new ChannelStore(file.channel());
        try {
            disk.write(memory.contents(), 0);
        } catch (IOException | RuntimeException | Error e) {
            file.discard(e);
            throw e;
        }
        ops.replaceStore(disk);
        ops.rolledOver();
        removeOnClose = file.removeOnClose();
        rolledOver = true;
        memory.close();
    }

    @Override
    void abandon() throws IOException {
        closeStoreAndRemove(removeOnClose);
    }

    @Override
    CompletableFuture<Void> startClose(boolean inlineIfIdle) {
        return queue.submitLast("close", () -> {
            if (rolledOver && !inlineIfIdle) {
                queue.requireWorker();
            }
            closeStoreAndRemove(removeOnClose);
            return null;
        }, true);
    }

    /**
     * A write of one or more elements, each encoded and written in turn, so that memory holds the
     * content (at most {@code maxSize} bytes) plus one encoded element. It may start on the calling
     * thread and, when an element does not fit, move to a worker to roll over and go on from there;
     * a coding error stops it with the elements before written, as CPython's {@code writelines}.
     */
    private final class PendingWrite {
        private final List<T> elements;
        private int next;
        /** The encoded element not yet written, kept across a move to a worker. */
        private ByteBuffer encoded;

        PendingWrite(List<T> elements) {
            this.elements = elements;
        }

        void run() throws IOException {
            if (rolledOver) {
                queue.requireWorker();
            }
            while (encoded != null || next < elements.size()) {
                if (encoded == null) {
                    encoded = ops.encode(elements.get(next));
                }
                makeRoomFor(ops.position() + encoded.remaining());
                ops.writeBytes(encoded);
                encoded = null;
                next++;
            }
        }
    }
}
