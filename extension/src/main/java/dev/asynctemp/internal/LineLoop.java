package dev.asynctemp.internal;

import java.util.concurrent.CompletableFuture;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Consumer;

/**
 * {@code forEachLine}: Python's {@code async for line in f}, which awaits {@code f.readline()} once
 * per line and runs the loop body in between. Each line is one queued readline; the action runs
 * after that readline has released the file, on the thread that completed it (a worker, or the
 * caller for a spooled file in memory), so it may call and await other operations of the same
 * file, which run before the next line is read; so do operations other threads call meanwhile, as
 * with Python's tasks. A close called meanwhile waits for the readline in flight, not for the
 * loop, which then ends with the {@link dev.asynctemp.FileClosedException} of its next readline
 * (Python's {@code async for} after {@code aclose()}): so even an action that closes the file and
 * waits for it cannot hang.
 *
 * <p>Memory: one line at a time.
 *
 * @param <T> {@code byte[]} or {@code String}
 */
final class LineLoop<T> {

    private static final String OPERATION = "forEachLine";

    private final AsyncFile<T> file;
    private final Consumer<? super T> action;
    private final OpFuture<Void> done = new OpFuture<>();
    /** Steps asked for and not yet issued: a step completed on the issuing thread is not issued recursively. */
    private final AtomicInteger requested = new AtomicInteger();
    /** The future of the step issued last; touched only by the thread issuing or completing a step. */
    private CompletableFuture<T> previous;

    LineLoop(AsyncFile<T> file, Consumer<? super T> action) {
        this.file = file;
        this.action = action;
    }

    /** Starts the loop; its future completes after the last line, or with what ended it. */
    CompletableFuture<Void> start() {
        request();
        return done;
    }

    private void request() {
        if (requested.getAndIncrement() == 0) {
            do {
                issue();
            } while (requested.decrementAndGet() != 0);
        }
    }

    private void issue() {
        var line = new CompletableFuture<T>();
        CompletableFuture<T> before = previous;
        previous = line;
        line.whenComplete(this::onLine);
        file.submitStep(OPERATION, file.ops::readline, line, before);
    }

    /**
     * Runs on the thread that completed the readline, after the file was released, under the
     * readline's attribution: the loop's future completes here too, before that readline's work
     * counts as done.
     */
    private void onLine(T line, Throwable failure) {
        if (failure != null) {
            done.completeExceptionally(Futures.unwrap(failure));
            return;
        }
        if (file.ops.isEmpty(line)) {
            done.complete(null);
            return;
        }
        try {
            action.accept(line);
        } catch (Throwable t) {
            done.completeExceptionally(t);
            return;
        }
        request();
    }
}
