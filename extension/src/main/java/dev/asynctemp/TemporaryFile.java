package dev.asynctemp;

import java.io.UncheckedIOException;
import java.nio.ByteBuffer;
import java.nio.charset.CharacterCodingException;
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
 * thread of the file's executor, never on the calling thread (only operations that do not block,
 * {@link #tell()}, {@link #seek(long)} other than from the end and {@link #flush()}, complete on
 * the calling thread when nothing else of the file is pending). Operations on one file run one at
 * a time in the order they were called, and their futures complete in that order, so
 * {@code f.write(x); f.seek(0); f.read()} reads {@code x} back even without waiting in between. A
 * file may be shared between threads.
 *
 * <p><b>Callbacks.</b> No code of yours runs while the file is busy with an operation: a future
 * completes, and the callbacks chained on it run, only after its operation has released the file,
 * and the executor is called outside it too. So a callback, a {@link #forEachLine} action or an
 * executor may call and await other operations of the same file, even ones queued after it.
 *
 * <p><b>Failures.</b> A programming error (a {@code null} argument, a negative size) throws at
 * once. Anything else completes the returned future exceptionally, never throws: an I/O failure
 * with the {@link java.io.IOException} that caused it, an executor that refuses with its
 * {@link java.util.concurrent.RejectedExecutionException}, even an {@link Error} such as
 * {@link OutOfMemoryError}; the file stays usable and closable afterwards. (Should a
 * {@link VirtualMachineError} strike again while the future is being failed, the file still moves
 * on, but that future may stay incomplete: best effort.) After {@link #close()}, every operation
 * completes exceptionally with a {@link FileClosedException} naming the operation and the file.
 *
 * <p><b>Memory.</b> Each operation's Javadoc says how much memory it needs beyond the file's
 * content; nothing concatenates the elements of a {@link #writelines} call.
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
     * Reads from the current position to the end of the file. Memory: all of it, as one
     * {@code byte[]} (the bytes left), or in text mode one {@code String} built in a buffer of its
     * size (so twice the text's {@code char}s at the end) plus 64 KiB for decoding; for large files
     * use {@link #read(int)}, {@link #readinto(ByteBuffer)} or {@link #forEachLine}.
     *
     * @return the content read; empty at the end of the file. Completes exceptionally with an
     *     {@link java.io.IOException} if more than {@code Integer.MAX_VALUE - 8} bytes are left
     *     (nothing is read), a {@link CharacterCodingException} on malformed text with strict
     *     errors (the position does not move), a {@link FileClosedException} after close
     */
    CompletableFuture<T> read();

    /**
     * Reads at most {@code size} bytes (binary) or {@code char}s (text) from the current position.
     * Text mode never splits a surrogate pair, so it may return one {@code char} less, or one more
     * when {@code size} is 1 and the next character needs two. Memory: what is read (bytes, or
     * twice the {@code char}s read in text mode, plus 64 KiB for decoding), never more than what
     * the file holds, whatever {@code size} says.
     *
     * @param size the most to read, zero or more
     * @return the content read; empty at the end of the file. Completes exceptionally with a
     *     {@link CharacterCodingException} on malformed text with strict errors (the position does
     *     not move), a {@link FileClosedException} after close
     * @throws IllegalArgumentException if {@code size} is negative
     */
    CompletableFuture<T> read(int size);

    /**
     * Reads one line, including its line ending (see {@link Newline} for text mode; {@code \n} in
     * binary mode). Memory: the line (up to twice its bytes or {@code char}s while it grows).
     *
     * @return the line; empty at the end of the file. Completes exceptionally with a
     *     {@link CharacterCodingException} on malformed text with strict errors (the position does
     *     not move), a {@link FileClosedException} after close
     */
    CompletableFuture<T> readline();

    /**
     * Reads all remaining lines, in one operation. Memory: the rest of the file, as lines (in text
     * mode, {@code char}s); to go through a large file line by line, use {@link #forEachLine}.
     *
     * @return the lines, each with its line ending. Completes exceptionally as {@link #readline()}
     */
    CompletableFuture<List<T>> readlines();

    /**
     * Calls {@code action} for each remaining line, in order; the asynchronous form of Python's
     * {@code async for line in f}, which awaits {@link #readline()} once per line and runs the loop
     * body in between. As there, the action may call and await other operations of this file
     * ({@code f.tell().join()} gives the position just after the line); they run before the next
     * line is read, and so do operations other threads call meanwhile. A {@link #close()} called
     * meanwhile (even by the action) waits for the readline in flight, not for the loop, which then
     * ends with the {@link FileClosedException} of its next readline, as Python's {@code async for}
     * does after {@code aclose()}. The action runs on the thread that read the line: a
     * worker, or the calling thread for a {@link SpooledTemporaryFile} still in memory. Memory:
     * one line at a time.
     *
     * @param action receives each line with its line ending
     * @return completes after the last line, or exceptionally with what {@code action} threw (the
     *     loop stops there), or as {@link #readline()} would; with a {@link FileClosedException}
     *     if called after close
     * @throws NullPointerException if {@code action} is {@code null}
     */
    CompletableFuture<Void> forEachLine(Consumer<? super T> action);

    /**
     * Reads bytes from the current position into {@code buffer}, as much as fits; binary mode only.
     * The buffer must not be touched until the future completes. Memory: none.
     *
     * @param buffer receives the bytes from its position up to its limit
     * @return the number of bytes read, 0 at the end of the file; completes exceptionally with a
     *     {@link FileClosedException} after close
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
     * buffers). Once the future is done, the array is free to reuse. Memory: none in binary mode;
     * in text mode the encoded bytes of {@code data} (plus a copy of the string when {@code \n} is
     * written as something else, see {@link Newline}).
     *
     * @param data the bytes or text to write
     * @return the number of bytes (binary) or {@code char}s (text) written, always all of them.
     *     Completes exceptionally with the {@link java.io.IOException} of a failed write, a
     *     {@link CharacterCodingException} for text the charset cannot encode with strict errors
     *     (nothing written), a {@link FileClosedException} after close
     * @throws NullPointerException if {@code data} is {@code null}
     */
    CompletableFuture<Integer> write(T data);

    /**
     * Writes each element in turn, adding no line endings. The elements are taken when this method
     * is called, on the calling thread (later changes to {@code lines} do not matter); like
     * {@link #write}, a {@code byte[]} element must not change until the returned future completes.
     * Each element is encoded and written before the next, never concatenated: memory for one
     * encoded element (in text mode; none in binary mode) whatever the total, which may exceed
     * 2 GiB. A coding error stops at the element that has it, with the elements before it written,
     * as CPython's {@code writelines}.
     *
     * @param lines the elements to write
     * @return completes when all are written; exceptionally as {@link #write} would for the first
     *     element that fails, the elements before it written
     * @throws NullPointerException if {@code lines} or one of its elements is {@code null}
     */
    CompletableFuture<Void> writelines(Iterable<? extends T> lines);

    /**
     * Moves to byte offset {@code offset} from the start; same as {@code seek(offset, Whence.SET)}.
     *
     * @param offset the new position, zero or more; may lie past the end of the file
     * @return the new position; completes exceptionally with a {@link FileClosedException} after
     *     close
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
     *     it would be negative, leaving the position unchanged, with a {@link FileClosedException}
     *     after close
     * @throws IllegalArgumentException if {@code whence} is {@link Whence#SET} and {@code offset}
     *     is negative
     * @throws NullPointerException if {@code whence} is {@code null}
     */
    CompletableFuture<Long> seek(long offset, Whence whence);

    /**
     * Returns the current position.
     *
     * @return the byte offset of the next read or write; completes exceptionally with a
     *     {@link FileClosedException} after close
     */
    CompletableFuture<Long> tell();

    /**
     * Cuts the file at the current position, which does not move.
     *
     * @return the new size; completes exceptionally with the {@link java.io.IOException} of a failed
     *     truncation, a {@link FileClosedException} after close
     */
    CompletableFuture<Long> truncate();

    /**
     * Sets the file size to {@code size} bytes: cuts a longer file, extends a shorter one with zero
     * bytes. The position does not move.
     *
     * @param size the new size, zero or more
     * @return the new size; completes exceptionally as {@link #truncate()}
     * @throws IllegalArgumentException if {@code size} is negative
     */
    CompletableFuture<Long> truncate(long size);

    /**
     * Completes when every earlier operation has reached the file system. Writes are not buffered
     * in the JVM, so this only orders; it does not force data to the storage device.
     *
     * @return completes after every earlier operation; exceptionally with a
     *     {@link FileClosedException} after close
     */
    CompletableFuture<Void> flush();

    /**
     * Returns the kinds of line ending read so far, Python's {@code newlines} attribute of a text
     * file. Python answers {@code None}, one string, or a tuple in the order {@code "\r"},
     * {@code "\n"}, {@code "\r\n"}; this returns an empty list, a list of one, or a list in that
     * order. As in Python, only text files reading with universal newlines
     * ({@link Newline#UNIVERSAL}, {@link Newline#UNTRANSLATED}) track them, and a write, a seek to
     * 0 or from the end, and a rollover of a spooled file start afresh (CPython resets its decoder
     * there). CPython also counts what its read-ahead buffer decoded; this counts what was
     * returned. Binary files have no {@code newlines} in Python; here they always answer an empty
     * list. Answers at once, from any thread.
     *
     * @return an unmodifiable list of {@code "\r"}, {@code "\n"} and {@code "\r\n"}, in that order
     */
    List<String> newlines();

    /**
     * Closes the file once every operation called before has finished, then deletes it.
     * Idempotent: later calls return the same future. Operations called afterwards fail with a
     * {@link FileClosedException}.
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
