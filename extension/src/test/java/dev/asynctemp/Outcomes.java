package dev.asynctemp;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;

/** Waiting for futures in tests, with a bound so a hang fails instead of blocking the build. */
final class Outcomes {

    static final Duration TIMEOUT = Duration.ofSeconds(30);

    private Outcomes() {
    }

    /** Returns the result of {@code future}, failing the test if it failed or took too long. */
    static <R> R await(CompletableFuture<R> future) {
        try {
            return future.get(TIMEOUT.toMillis(), TimeUnit.MILLISECONDS);
        } catch (ExecutionException e) {
            throw new AssertionError("expected success but failed with " + e.getCause(), e.getCause());
        } catch (InterruptedException | TimeoutException e) {
            throw new AssertionError("future did not complete within " + TIMEOUT, e);
        }
    }

    /** Returns what {@code future} failed with, failing the test if it succeeded. */
    static Throwable failure(CompletableFuture<?> future) {
        try {
            Object result = future.get(TIMEOUT.toMillis(), TimeUnit.MILLISECONDS);
            throw new AssertionError("expected a failure but completed with " + result);
        } catch (ExecutionException e) {
            return e.getCause();
        } catch (InterruptedException | TimeoutException e) {
            throw new AssertionError("future did not complete within " + TIMEOUT, e);
        }
    }

    /** Asserts that {@code future} failed with {@code type} and returns the failure. */
    static <E extends Throwable> E failure(CompletableFuture<?> future, Class<E> type) {
        Throwable cause = failure(future);
        assertThat(cause).isInstanceOf(type);
        return type.cast(cause);
    }
}
