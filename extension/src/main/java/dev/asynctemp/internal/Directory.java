package dev.asynctemp.internal;

import dev.asynctemp.TemporaryDirectory;
import java.io.IOException;
import java.nio.file.Path;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.Executor;

/** A {@link TemporaryDirectory}: a directory from {@code mkdtemp} with a secure, idempotent cleanup. */
public final class Directory implements TemporaryDirectory {

    private final Path path;
    private final boolean delete;
    private final boolean ignoreCleanupErrors;
    private final Executor executor;
    private CompletableFuture<Void> cleanup;
    private boolean removed;

    Directory(Path path, boolean delete, boolean ignoreCleanupErrors, Executor executor) {
        this.path = path;
        this.delete = delete;
        this.ignoreCleanupErrors = ignoreCleanupErrors;
        this.executor = executor;
    }

    @Override
    public Path path() {
        return path;
    }

    @Override
    public boolean delete() {
        return delete;
    }

    @Override
    public boolean ignoreCleanupErrors() {
        return ignoreCleanupErrors;
    }

    @Override
    public CompletableFuture<Void> cleanup() {
        return running().copy();
    }

    @Override
    public void close() {
        if (delete) {
            Futures.join(running());
        }
    }

    /**
     * Removes the directory on the calling thread, for a caller that would only wait anyway (the
     * JUnit extension's cleanup); same outcome as {@link #cleanup()}.
     *
     * @throws IOException a {@link dev.asynctemp.CleanupException} naming every path left
     */
    public void cleanupOnThisThread() throws IOException {
        if (!isRemoved()) {
            removeNow();
        }
    }

    /** Tells whether a cleanup was asked for and is still running: the leak detector awaits it. */
    synchronized boolean cleaningUp() {
        return cleanup != null && !cleanup.isDone();
    }

    /** Tells whether the directory has been removed by this object. */
    public synchronized boolean isRemoved() {
        return removed;
    }

    private synchronized CompletableFuture<Void> running() {
        if (removed) {
            return CompletableFuture.completedFuture(null);
        }
        // Join a cleanup in progress; after one that left something behind, try again.
        if (cleanup == null || cleanup.isDone()) {
            cleanup = Workers.supply(executor, this::removeNow, () -> "cleanup of TemporaryDirectory " + path);
        }
        return cleanup;
    }

    private Void removeNow() throws IOException {
        DeletionResult result = SecureDeletion.delete(path);
        if (result.succeeded()) {
            synchronized (this) {
                removed = true;
            }
        } else if (!ignoreCleanupErrors) {
            result.throwIfFailed();
        }
        return null;
    }

    @Override
    public String toString() {
        return "TemporaryDirectory[" + path + (isRemoved() ? ", removed]" : "]");
    }
}
