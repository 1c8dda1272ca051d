package dev.asynctemp.internal;

import dev.asynctemp.Mode;
import dev.asynctemp.TemporaryFile;
import dev.asynctemp.Whence;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.concurrent.CompletableFuture;
import java.util.function.Consumer;

/**
 * A {@link TemporaryFile}: argument checks on the calling thread, then each operation queued on the
 * file's {@link SerialQueue} and run by its {@link FileOps}.
 *
 * @param <T> {@code byte[]} or {@code String}
 */
public class AsyncFile<T> implements TemporaryFile<T> {

    private final Mode<T> mode;
    final FileOps<T> ops;
    final SerialQueue queue;
    private final Path removeOnClose;
    private CompletableFuture<Void> closing;

    /**
     * Wraps an open store.
     *
     * @param mode the mode
     * @param ops the operations over the file's store
     * @param queue where operations run
     * @param removeOnClose the path to delete after closing, or {@code null} if it has no name left
     */
    AsyncFile(Mode<T> mode, FileOps<T> ops, SerialQueue queue, Path removeOnClose) {
        this.mode = mode;
        this.ops = ops;
        this.queue = queue;
        this.removeOnClose = removeOnClose;
        queue.describedBy(this::describe);
    }

    /** Creates the {@link FileOps} for {@code mode}. */
    @SuppressWarnings("unchecked")
    static <T> FileOps<T> opsFor(Mode<T> mode, ByteStore store) {
        // Mode is sealed: text or binary. (A pattern switch would need Java 21.)
        return mode instanceof Mode.Text text ? (FileOps<T>) new TextOps(store, text) : (FileOps<T>) new BinaryOps(store);
    }

    @Override
    public final Mode<T> mode() {
        return mode;
    }

    /**
     * Describes this file in messages (a closed-file failure, the leak detector's list of work in
     * flight): its type, and its name if it has one.
     */
    String describe() {
        return removeOnClose == null ? "TemporaryFile" : "TemporaryFile " + removeOnClose;
    }

    /** Runs {@code call} on a worker after every operation called before it. */
    <R> CompletableFuture<R> submit(String operation, IoCall<R> call) {
        return queue.submit(operation, call, false);
    }

    /**
     * Runs {@code call}, which never blocks (it only moves the position or reads it), after every
     * operation called before it: on the calling thread when nothing is pending, sparing a
     * hand-over.
     */
    final <R> CompletableFuture<R> submitNonBlocking(String operation, IoCall<R> call) {
        return queue.submit(operation, call, true);
    }

    /** Queues one readline of a line loop, as {@link #readline()} would run it. */
    void submitStep(String operation, IoCall<T> call, CompletableFuture<T> into, CompletableFuture<?> after) {
        queue.submitStep(operation, call, false, into, after);
    }

    @Override
    public CompletableFuture<T> read() {
        return submit("read", ops::read);
    }

    @Override
    public CompletableFuture<T> read(int size) {
        Checks.notNegative(size, "size");
        return submit("read", () -> ops.read(size));
    }

    @Override
    public CompletableFuture<T> readline() {
        return submit("readline", ops::readline);
    }

    @Override
    public CompletableFuture<List<T>> readlines() {
        return submit("readlines", ops::readlines);
    }

    @Override
    public CompletableFuture<Void> forEachLine(Consumer<? super T> action) {
        Objects.requireNonNull(action, "action must not be null");
        return new LineLoop<>(this, action).start();
    }

    @Override
    public CompletableFuture<Integer> readinto(ByteBuffer buffer) {
        Objects.requireNonNull(buffer, "buffer must not be null");
        if (mode instanceof Mode.Text) {
            throw new UnsupportedOperationException("readinto(ByteBuffer) needs binary mode; this file is in "
                    + "text mode, use read(size)");
        }
        if (buffer.isReadOnly()) {
            throw new IllegalArgumentException("buffer must be writable, but is read-only");
        }
        return submit("readinto", () -> ops.readinto(buffer));
    }

    @Override
    public CompletableFuture<Integer> write(T data) {
        Objects.requireNonNull(data, "data must not be null");
        return submit("write", () -> ops.write(data));
    }

    @Override
    public CompletableFuture<Void> writelines(Iterable<? extends T> lines) {
        List<T> copies = copyLines(lines);
        return submit("writelines", () -> {
            for (T element : copies) {
                ops.write(element);
            }
            return null;
        });
    }

    /** Takes the elements now, so that adding to or removing from {@code lines} later does not matter. */
    final List<T> copyLines(Iterable<? extends T> lines) {
        Objects.requireNonNull(lines, "lines must not be null");
        var copies = new ArrayList<T>();
        for (T line : lines) {
            int index = copies.size();
            copies.add(Objects.requireNonNull(line, () -> "lines[" + index + "] must not be null"));
        }
        return copies;
    }

    @Override
    public CompletableFuture<Long> seek(long offset) {
        return seek(offset, Whence.SET);
    }

    @Override
    public CompletableFuture<Long> seek(long offset, Whence whence) {
        Objects.requireNonNull(whence, "whence must not be null");
        if (whence == Whence.SET) {
            Checks.notNegative(offset, "offset");
        }
        // Only seeking from the end asks the file system (for the size); the others move a number.
        return whence == Whence.END ? submit("seek", () -> ops.seek(offset, whence))
                : submitNonBlocking("seek", () -> ops.seek(offset, whence));
    }

    @Override
    public CompletableFuture<Long> tell() {
        return submitNonBlocking("tell", ops::position);
    }

    @Override
    public CompletableFuture<Long> truncate() {
        return submit("truncate", () -> ops.truncate(ops.position()));
    }

    @Override
    public CompletableFuture<Long> truncate(long size) {
        Checks.notNegative(size, "size");
        return submit("truncate", () -> ops.truncate(size));
    }

    @Override
    public CompletableFuture<Void> flush() {
        return submitNonBlocking("flush", () -> null);
    }

    @Override
    public List<String> newlines() {
        return ops.newlines();
    }

    @Override
    public final CompletableFuture<Void> closeAsync() {
        // A copy: a caller cancelling its future must not cancel the close for everyone else.
        return closing(false).copy();
    }

    @Override
    public final void close() {
        Futures.join(closing(false));
    }

    @Override
    public boolean isClosed() {
        return queue.isClosed();
    }

    /**
     * Tells whether a close was asked for and has not finished: the leak detector awaits it.
     *
     * @return {@code true} while closing
     */
    synchronized boolean closing() {
        return closing != null && !closing.isDone();
    }

    /**
     * Describes how the close asked for ended, for a leak report.
     *
     * @return empty if no close was asked for or it is still running; else {@code "closed"} or
     *     {@code "closing failed: ..."}
     */
    synchronized java.util.Optional<String> closeOutcome() {
        return outcomeOf(closing);
    }

    static java.util.Optional<String> outcomeOf(CompletableFuture<Void> closing) {
        if (closing == null || !closing.isDone()) {
            return java.util.Optional.empty();
        }
        if (!closing.isCompletedExceptionally()) {
            return java.util.Optional.of("closed");
        }
        Throwable failure = closing.handle((ignored, t) -> Futures.unwrap(t)).join();
        return java.util.Optional.of("closing failed: " + failure);
    }

    /** Starts closing on the first call; every call returns the same future. */
    private synchronized CompletableFuture<Void> closing(boolean inlineIfIdle) {
        if (closing == null) {
            closing = startClose(inlineIfIdle);
        }
        return closing;
    }

    /**
     * Closes like {@link #closeAsync()}, but when no operation is pending the work runs on the
     * calling thread: for a caller that would only wait anyway (the JUnit extension's cleanup).
     *
     * @return completes when closed
     */
    public final CompletableFuture<Void> closeOnThisThreadIfIdle() {
        return closing(true).copy();
    }

    /**
     * Starts closing; called once, under this object's lock.
     *
     * @param inlineIfIdle whether the close may run on the calling thread when nothing is pending
     */
    CompletableFuture<Void> startClose(boolean inlineIfIdle) {
        return queue.submitLast("close", () -> {
            closeStoreAndRemove(removeOnClose);
            return null;
        }, inlineIfIdle);
    }

    /**
     * Closes the file now, without waiting for operations still running (they fail), and removes
     * it as closing would; for a test resource whose operations outlive the bounded wait.
     *
     * @param file the file, which must be one of the library's
     * @throws IOException if closing or removing fails
     */
    public static void abandon(Object file) throws IOException {
        ((AsyncFile<?>) file).abandon();
    }

    void abandon() throws IOException {
        closeStoreAndRemove(removeOnClose);
    }

    /** Closes the store, then removes {@code path} if not {@code null}; reports the first failure. */
    final void closeStoreAndRemove(Path path) throws IOException {
        IOException failure = null;
        try {
            ops.store().close();
        } catch (IOException e) {
            failure = e;
        }
        if (path != null) {
            try {
                Files.deleteIfExists(path);
            } catch (IOException e) {
                failure = Futures.firstOf(failure, e);
            }
        }
        if (failure != null) {
            throw failure;
        }
    }

    @Override
    public String toString() {
        return getClass().getSimpleName() + "[" + describe() + ", " + mode + (isClosed() ? ", closed]" : "]");
    }
}
