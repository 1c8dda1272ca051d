package dev.asynctemp;

import java.io.UncheckedIOException;
import java.nio.file.Path;
import java.util.concurrent.CompletableFuture;

/**
 * An asynchronous temporary directory, removed with everything in it when closed: the Java form of
 * anyio's {@code TemporaryDirectory}.
 *
 * <pre>{@code
 * try (TemporaryDirectory dir = temporaryDirectory().join()) {
 *     System.out.println("Temporary directory path: " + dir.path());
 * }
 * }</pre>
 *
 * <p>Removal is secure: symbolic links inside are removed, never followed; permissions are reset
 * only on entries inside the directory, so read-only files and directories go too; and a failure
 * names every path that could not be removed ({@link CleanupException}).
 *
 * @since 0.1.0
 */
public interface TemporaryDirectory extends AutoCloseable {

    /**
     * Returns the directory's absolute path.
     *
     * @return the absolute path; still available after cleanup
     */
    Path path();

    /**
     * Returns whether closing removes the directory.
     *
     * @return Python's {@code delete}
     */
    boolean delete();

    /**
     * Returns whether a failed cleanup is ignored.
     *
     * @return Python's {@code ignore_cleanup_errors}
     */
    boolean ignoreCleanupErrors();

    /**
     * Removes the directory and its content now, whatever {@link #delete()} says. Idempotent: once
     * the directory is gone (removed by this object or by anyone else), later calls complete at
     * once; after a failure, a later call tries again.
     *
     * @return completes when the directory is gone, or exceptionally with a
     *     {@link CleanupException} naming every path left, unless {@link #ignoreCleanupErrors()}
     */
    CompletableFuture<Void> cleanup();

    /**
     * Calls {@link #cleanup()} if {@link #delete()} is {@code true} and waits for it; for
     * try-with-resources. Idempotent.
     *
     * @throws UncheckedIOException wrapping the {@link CleanupException} if cleanup failed
     */
    @Override
    void close();
}
