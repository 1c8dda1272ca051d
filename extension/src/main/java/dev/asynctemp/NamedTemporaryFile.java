package dev.asynctemp;

import java.nio.file.Path;
import java.util.concurrent.CompletableFuture;

/**
 * An asynchronous temporary file with a visible name in the file system: the Java form of anyio's
 * {@code NamedTemporaryFile}.
 *
 * <pre>{@code
 * try (NamedTemporaryFile<String> f = namedTemporaryFile(Mode.TEXT).join()) {
 *     System.out.println("Temporary file name: " + f.name());
 * }
 * }</pre>
 *
 * <p>Two flags decide when the file is removed, as in Python 3.12:
 * <ul>
 *   <li>{@link #delete()} ({@code true} by default): whether the file is removed at all;</li>
 *   <li>{@link #deleteOnClose()} ({@code true} by default): whether closing the handle
 *       ({@link #closeHandle()}) already removes it, or only closing the object as a whole
 *       ({@link #close()}), which lets other code open the file by name in between.</li>
 * </ul>
 * With {@code delete=false} the file outlives this object; removing it is the caller's job (the
 * JUnit extension's leak detector reports it if a test forgets).
 *
 * @param <T> {@code byte[]} in binary mode, {@code String} in text mode
 * @since 0.1.0
 */
public interface NamedTemporaryFile<T> extends TemporaryFile<T> {

    /**
     * Returns the file's absolute path as a string, like Python's {@code f.name}.
     *
     * @return the absolute path; still available after close
     */
    String name();

    /**
     * Returns the file's absolute path.
     *
     * @return the absolute path; still available after close
     */
    Path path();

    /**
     * Returns whether the file is removed on close.
     *
     * @return Python's {@code delete}
     */
    boolean delete();

    /**
     * Returns whether closing the handle already removes the file.
     *
     * @return Python's {@code delete_on_close}
     */
    boolean deleteOnClose();

    /**
     * Closes the handle once earlier operations have finished, removing the file only if both
     * {@link #delete()} and {@link #deleteOnClose()} are {@code true}; Python's {@code f.close()}.
     * Afterwards the file's operations fail, but the file can still be opened by {@link #path()}
     * and is removed by {@link #close()}. Idempotent.
     *
     * @return completes when the handle is closed
     */
    CompletableFuture<Void> closeHandle();

    /**
     * Closes the handle if still open and removes the file if {@link #delete()} is {@code true};
     * leaving the {@code with} block in Python. Idempotent: later calls return the same future.
     *
     * @return completes when done, or exceptionally with the {@link java.io.IOException} that
     *     prevented closing or removing
     */
    @Override
    CompletableFuture<Void> closeAsync();
}
