package dev.asynctemp.internal;

import java.io.IOException;

/**
 * A blocking piece of work that may fail with an {@link IOException}.
 *
 * @param <R> the result type
 */
@FunctionalInterface
public interface IoCall<R> {

    /**
     * Does the work.
     *
     * @return the result
     * @throws IOException on an I/O failure
     */
    R call() throws IOException;
}
