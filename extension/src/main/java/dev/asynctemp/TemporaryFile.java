package dev.asynctemp;

import java.io.UncheckedIOException;
import java.nio.ByteBuffer;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.function.Consumer;

/**
 * An asynchronous temporary file, deleted when it is closed: the Java form of anyio's
 * {@code TemporaryFile} and of the {@code AsyncFile} it returns.
 *
 * <p>Create one with {@link AsyncTempfile#temporaryFile(Mode)} and use it in try-with-resources:
 *
 * <pre>{@code
 * try (TemporaryFile<String> f = temporaryFile(Mode.TEXT).join()) {
 *     f.write("Temporary file content").join();
 *     f.seek(0).join();
 *     System.out.println(f.read().join());
 * }
 * }</pre>
 *
 * <p><b>Elements.</b> {@code T} is {@code byte[]} in binary mode and {@code String} in text mode
 * (see {@link Mode}). In text mode, sizes passed to {@link #read(int)} count {@code char}s, while
 * positions ({@link #tell()}, {@link #seek(long)}, {@link #truncate(long)}) are byte offsets into
 * the encoded file.
 *
 * <p><b>Threads and order.</b> Every operation returns at once; the blocking work runs on a worker
 * thread of the file's executor. Operations on one file run one at a time in the order they were
 * called, so {@code f.write(x); f.seek(0); f.read()} reads {@code x} back even without waiting
 * in between. A file may be shared between threads.
 *
 * <p><b>Failures.</b> A programming error (a {@code null} argument, a negative size) throws at
 * once. An I/O failure completes the returned future exceptionally with the
 * {@link java.io.IOException} that caused it; after {@link #close()}, every operation completes
 * exceptionally with a {@link java.nio.channels.ClosedChannelException}.
 *
 * <p><b>Cancellation.</b> Cancelling a returned future before its operation starts skips the
 * operation; once started, it runs to the end (workers are never interrupted) and its result is
 * dropped. Either way the file stays open and consistent.
 *
 * <p>This interface is implemented by the library only.
 *
 * @param <T> {@code byte[]} in binary mode, {@code String} in text mode
 * @since 0.1.0
 */
public interface TemporaryFile<T> extends AutoCloseable {

    /**
     * Returns the mode this file was opened in.
     *
     * @return {@link Mode#BINARY} or a {@link Mode.Text}
     */
    Mode<T> mode();

    /**
     * Reads from the current position to the end of the file.
     *
     * @return the content read; empty at the end of the file
     */
    CompletableFuture<T> read();

    /**
     * Reads at most {@code size} bytes (binary) or {@code char}s (text) from the current position.
     * Text mode never splits a surrogate pair, so it may return one {@code char} less, or one more
     * when {@code size} is 1 and the next character needs two.
     *
     * @param size the most to read, zero or more
     * @return the content read; empty at the end of the file
     * @throws IllegalArgumentException if {@code size} is negative
     */
    CompletableFuture<T> read(int size);

    /**
     * Reads one line, including its line ending (see {@link Newline} for text mode; {@code \n} in
     * binary mode).
     *
     * @return the line; empty at the end of the file
     */
    CompletableFuture<T> readline();

    /**
     * Reads all remaining lines.
     *
     * @return the lines, each with its line ending
     */
    CompletableFuture<List<T>> readlines();

    /**
     * Calls {@code action} for each remaining line, in order, on the file's worker thread; the
     * asynchronous form of Python's {@code async for line in f}. Other operations on this file wait
     * until the iteration ends.
     *
     * @param action receives each line with its line ending
     * @return completes after the last line, or exceptionally with what {@code action} threw
     * @throws NullPointerException if {@code action} is {@code null}
     */
    CompletableFuture<Void> forEachLine(Consumer<? super T> action);

    /**
     * Reads bytes from the current position into {@code buffer}, as much as fits; binary mode only.
     * The buffer must not be touched until the future completes.
     *
     * @param buffer receives the bytes from its position up to its limit
     * @return the number of bytes read, 0 at the end of the file
     * @throws NullPointerException if {@code buffer} is {@code null}
     * @throws IllegalArgumentException if {@code buffer} is read-only
     * @throws UnsupportedOperationException in text mode
     */
    CompletableFuture<Integer> readinto(ByteBuffer buffer);

    /**
     * Writes {@code data} at the current position and moves past it. In text mode the data is
     * encoded first, so a coding error writes nothing.
     *
     * <p>A {@code byte[]} is not copied: it is read when the write runs, so it must not change until
     * the returned future completes (the convention of the JDK's asynchronous channels and their
     * buffers). Once the future is done, the array is free to reuse.
     *
     * @param data the bytes or text to write
     * @return the number of bytes (binary) or {@code char}s (text) written, always all of them
     * @throws NullPointerException if {@code data} is {@code null}
     */
    CompletableFuture<Integer> write(T data);

    /**
     * Writes each element in turn, adding no line endings. The elements are taken when this method
     * is called (later changes to {@code lines} do not matter); like {@link #write}, a {@code byte[]}
     * element must not change until the returned future completes.
     *
     * @param lines the elements to write
     * @return completes when all are written
     * @throws NullPointerException if {@code lines} or one of its elements is {@code null}
     */
    CompletableFuture<Void> writelines(Iterable<? extends T> lines);

    /**
     * Moves to byte offset {@code offset} from the start; same as {@code seek(offset, Whence.SET)}.
     *
     * @param offset the new position, zero or more; may lie past the end of the file
     * @return the new position
     * @throws IllegalArgumentException if {@code offset} is negative
     */
    CompletableFuture<Long> seek(long offset);

    /**
     * Moves to byte offset {@code offset} counted from {@code whence}. A position past the end is
     * allowed; a later write fills the gap with zero bytes.
     *
     * @param offset the distance from {@code whence}
     * @param whence the reference point
     * @return the new position; completes exceptionally with an {@link IllegalArgumentException} if
     *     it would be negative, leaving the position unchanged
     * @throws IllegalArgumentException if {@code whence} is {@link Whence#SET} and {@code offset}
     *     is negative
     * @throws NullPointerException if {@code whence} is {@code null}
     */
    CompletableFuture<Long> seek(long offset, Whence whence);

    /**
     * Returns the current position.
     *
     * @return the byte offset of the next read or write
     */
    CompletableFuture<Long> tell();

    /**
     * Cuts the file at the current position, which does not move.
     *
     * @return the new size
     */
    CompletableFuture<Long> truncate();

    /**
     * Sets the file size to {@code size} bytes: cuts a longer file, extends a shorter one with zero
     * bytes. The position does not move.
     *
     * @param size the new size, zero or more
     * @return the new size
     * @throws IllegalArgumentException if {@code size} is negative
     */
    CompletableFuture<Long> truncate(long size);

    /**
     * Completes when every earlier operation has reached the file system. Writes are not buffered
     * in the JVM, so this only orders; it does not force data to the storage device.
     *
     * @return completes after every earlier operation
     */
    CompletableFuture<Void> flush();

    /**
     * Closes the file once every operation called before has finished, then deletes it.
     * Idempotent: later calls return the same future. Operations called afterwards fail.
     *
     * @return completes when the file is closed and deleted, or exceptionally with the
     *     {@link java.io.IOException} that prevented it
     */
    CompletableFuture<Void> closeAsync();

    /**
     * Closes and deletes the file like {@link #closeAsync()}, blocking until done; for
     * try-with-resources.
     *
     * @throws UncheckedIOException if closing or deleting failed
     */
    @Override
    void close();

    /**
     * Tells whether {@link #close()} or {@link #closeAsync()} has been called.
     *
     * @return {@code true} once closing has begun
     */
    boolean isClosed();
}
