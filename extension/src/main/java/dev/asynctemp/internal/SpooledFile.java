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
import java.util.function.BooleanSupplier;

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
        return new SpooledFile<>(mode, new MemoryStore(), maxSize, options, executor);
    }

    @Override
    String describe() {
        return rolledOver ? "spooled temporary file (on disk)" : "spooled temporary file (in memory)";
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

    @Override
    <R> CompletableFuture<R> submit(String operation, IoCall<R> call) {
        return queue.submit(call, this::inMemory, () -> new FileClosedException(operation, describe()));
    }

    private <R> CompletableFuture<R> submit(String operation, IoCall<R> call, BooleanSupplier inline) {
        return queue.submit(call, inline, () -> new FileClosedException(operation, describe()));
    }

    @Override
    public CompletableFuture<Integer> write(T data) {
        Objects.requireNonNull(data, "data must not be null");
        var write = new PendingWrite(List.of(data));
        return submit("write", () -> {
            write.run();
            return ops.units(data);
        }, write::fitsInMemory);
    }

    @Override
    public CompletableFuture<Void> writelines(Iterable<? extends T> lines) {
        var write = new PendingWrite(copyLines(lines));
        return submit("writelines", () -> {
            write.run();
            return null;
        }, write::fitsInMemory);
    }

    @Override
    public CompletableFuture<Long> truncate() {
        return submit("truncate", () -> resize(ops.position()), () -> inMemory() && fits(ops.position()));
    }

    @Override
    public CompletableFuture<Long> truncate(long size) {
        Checks.notNegative(size, "size");
        return submit("truncate", () -> resize(size), () -> inMemory() && fits(size));
    }

    private long resize(long size) throws IOException {
        makeRoomFor(size);
        return ops.truncate(size);
    }

    @Override
    public CompletableFuture<Void> rollover() {
        return submit("rollover", () -> {
            rollOverNow();
            return null;
        }, () -> rolledOver);
    }

    /** Tells whether content ending at byte {@code end} may stay in memory. */
    private boolean fits(long end) {
        return maxSize <= 0 || end <= maxSize;
    }

    /** Rolls over if content ending at {@code end} does not fit; runs on a worker. */
    private void makeRoomFor(long end) throws IOException {
        if (inMemory() && !fits(end)) {
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
        return queue.submitLast(() -> {
            closeStoreAndRemove(removeOnClose);
            return null;
        }, () -> inlineIfIdle || inMemory(), () -> new FileClosedException("close", describe()));
    }

    /** A write of one or more elements, encoded once when first needed. */
    private final class PendingWrite {
        private final List<T> elements;
        private ByteBuffer bytes;

        PendingWrite(List<T> elements) {
            this.elements = elements;
        }

        private ByteBuffer bytes() throws IOException {
            if (bytes == null) {
                bytes = ops.encodeAll(elements);
            }
            return bytes;
        }

        /** Decides, holding the queue, whether this write can stay in memory and run inline. */
        boolean fitsInMemory() {
            if (!inMemory()) {
                return false;
            }
            try {
                return fits(ops.position() + bytes().remaining());
            } catch (IOException codingError) {
                // Report it from run(), on this thread: nothing is written either way.
                return true;
            }
        }

        void run() throws IOException {
            ByteBuffer data = bytes();
            makeRoomFor(ops.position() + data.remaining());
            ops.writeBytes(data.duplicate());
        }
    }
}
