package dev.asynctemp.internal;

import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.function.LongSupplier;

/**
 * The future every file operation returns: a plain {@link CompletableFuture} whose blocking waits
 * ({@link #join()}, {@link #get()}) first watch it for a few microseconds before parking.
 *
 * <p>Why: an operation awaited on its own usually finishes within microseconds on a worker that
 * is still running. A parked caller costs a wake-up by the worker and a trip through the
 * scheduler, several times the work itself; a caller that is still watching sees the result at
 * once. The watch is bounded by {@link Spin#WAIT_NANOS}, does nothing on a single CPU, and is
 * skipped for a file whose operations have lately taken longer than that (its queue says so), and
 * then the wait is the inherited one. Futures derived from this one ({@code thenApply},
 * {@code copy}, ...) watch as long.
 *
 * @param <T> the result type
 */
public final class OpFuture<T> extends CompletableFuture<T> {

    private static final LongSupplier ALWAYS = () -> Spin.WAIT_NANOS;

    /** How long a blocking wait watches first, in nanoseconds. */
    private final LongSupplier watch;

    /** Creates an incomplete future that watches for {@link Spin#WAIT_NANOS} before parking. */
    public OpFuture() {
        this(ALWAYS);
    }

    /**
     * Creates an incomplete future.
     *
     * @param watch how long a blocking wait watches first, in nanoseconds; asked at each wait
     */
    OpFuture(LongSupplier watch) {
        this.watch = watch;
    }

    @Override
    public T join() {
        Spin.awaitBriefly(this, watch.getAsLong());
        return super.join();
    }

    @Override
    public T get() throws InterruptedException, ExecutionException {
        Spin.awaitBriefly(this, watch.getAsLong());
        return super.get();
    }

    @Override
    public T get(long timeout, TimeUnit unit) throws InterruptedException, ExecutionException, TimeoutException {
        Spin.awaitBriefly(this, Math.min(watch.getAsLong(), unit.toNanos(timeout)));
        return super.get(timeout, unit);
    }

    @Override
    public <U> CompletableFuture<U> newIncompleteFuture() {
        return new OpFuture<>(watch);
    }
}
