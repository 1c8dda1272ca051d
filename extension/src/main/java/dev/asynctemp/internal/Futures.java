package dev.asynctemp.internal;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.concurrent.ExecutionException;

/** Waiting for futures from blocking code such as {@code close()}. */
public final class Futures {

    private Futures() {
    }

    /**
     * Waits for {@code future}, rethrowing its failure unwrapped: an {@link IOException} as an
     * {@link UncheckedIOException}, unchecked exceptions and errors as they are.
     *
     * @param future the future to wait for
     * @param <R> the result type
     * @return the result
     */
    public static <R> R join(CompletableFuture<R> future) {
        try {
            return future.join();
        } catch (CompletionException e) {
            throw unchecked(e.getCause());
        }
    }

    /**
     * Returns the cause of a {@link CompletionException} or {@link ExecutionException}.
     *
     * @param failure a failure from a future
     * @return the failure that completed it
     */
    public static Throwable unwrap(Throwable failure) {
        Throwable t = failure;
        while ((t instanceof CompletionException || t instanceof ExecutionException) && t.getCause() != null) {
            t = t.getCause();
        }
        return t;
    }

    /**
     * Throws the failure behind {@code failure}: an {@link IOException} as it is, an unchecked
     * exception or error as it is, anything else wrapped in a {@link CompletionException}.
     *
     * @param failure a failure from a future
     * @throws IOException if that is what the failure was
     */
    public static void rethrow(Throwable failure) throws IOException {
        Throwable t = unwrap(failure);
        if (t instanceof IOException io) {
            throw io;
        }
        throw unchecked(t);
    }

    /**
     * Keeps the first of several failures and attaches the later ones to it.
     *
     * @param first the failure so far, or {@code null}
     * @param next a later failure
     * @return the failure to report
     */
    static IOException firstOf(IOException first, IOException next) {
        if (first == null) {
            return next;
        }
        first.addSuppressed(next);
        return first;
    }

    private static RuntimeException unchecked(Throwable cause) {
        Throwable t = unwrap(cause);
        if (t instanceof IOException io) {
            return new UncheckedIOException(io.getMessage(), io);
        }
        if (t instanceof RuntimeException runtime) {
            return runtime;
        }
        if (t instanceof Error error) {
            throw error;
        }
        return new CompletionException(t);
    }
}
