package dev.asynctemp.internal;

import dev.asynctemp.Mode;
import dev.asynctemp.NamedTemporaryFile;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.concurrent.CompletableFuture;

/**
 * A {@link NamedTemporaryFile}: an {@link AsyncFile} whose handle and name close separately.
 *
 * @param <T> {@code byte[]} or {@code String}
 */
public final class NamedFile<T> extends AsyncFile<T> implements NamedTemporaryFile<T> {

    private final Path path;
    private final boolean delete;
    private final boolean deleteOnClose;
    private CompletableFuture<Void> handleClosing;

    NamedFile(Mode<T> mode, FileOps<T> ops, SerialQueue queue, Path path, boolean delete, boolean deleteOnClose) {
        super(mode, ops, queue, null);
        this.path = path;
        this.delete = delete;
        this.deleteOnClose = deleteOnClose;
    }

    @Override
    String describe() {
        return "NamedTemporaryFile " + path;
    }

    @Override
    public String name() {
        return path.toString();
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
    public boolean deleteOnClose() {
        return deleteOnClose;
    }

    @Override
    public CompletableFuture<Void> closeHandle() {
        return handleClosing(delete && deleteOnClose, false).copy();
    }

    private synchronized CompletableFuture<Void> handleClosing(boolean remove, boolean inlineIfIdle) {
        if (handleClosing == null) {
            handleClosing = queue.submitLast("closeHandle", () -> {
                closeStoreAndRemove(remove ? path : null);
                return null;
            }, inlineIfIdle);
        }
        return handleClosing;
    }

    @Override
    synchronized boolean closing() {
        return super.closing() || (handleClosing != null && !handleClosing.isDone());
    }

    @Override
    synchronized java.util.Optional<String> closeOutcome() {
        var whole = super.closeOutcome();
        if (whole.isPresent() || super.closing()) {
            return whole;
        }
        return outcomeOf(handleClosing).map(outcome -> outcome.equals("closed")
                ? "handle closed with closeHandle(), close() never called" : outcome);
    }

    /**
     * Closes the handle after earlier operations and keeps the file whatever {@link #delete()} says:
     * for a test resource kept by its cleanup mode.
     *
     * @return completes when the handle is closed
     */
    public CompletableFuture<Void> closeKeepingFile() {
        return handleClosing(false, true).copy();
    }

    @Override
    void abandon() throws IOException {
        closeStoreAndRemove(delete ? path : null);
    }

    @Override
    synchronized CompletableFuture<Void> startClose(boolean inlineIfIdle) {
        boolean handleOpen = handleClosing == null;
        CompletableFuture<Void> handle = handleClosing(delete, inlineIfIdle);
        if (handleOpen || !delete) {
            return handle;
        }
        // The handle was closed earlier and kept the file: remove it now, whatever that close did.
        return handle.handle((ignored, handleFailure) -> handleFailure)
                .thenCompose(handleFailure -> Workers.supply(queue.executor(), () -> {
                    Files.deleteIfExists(path);
                    if (handleFailure != null) {
                        Futures.rethrow(handleFailure);
                    }
                    return null;
                }, () -> "removal of " + describe()));
    }
}
