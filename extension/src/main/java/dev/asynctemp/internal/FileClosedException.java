package dev.asynctemp.internal;

import java.nio.channels.ClosedChannelException;

/** A {@link ClosedChannelException} that says which operation met the closed file. */
public final class FileClosedException extends ClosedChannelException {

    private static final long serialVersionUID = 1L;

    private final String operation;

    /**
     * Creates the exception.
     *
     * @param operation the operation that was refused, such as {@code "write"}
     * @param what what was closed, such as {@code "temporary file /tmp/tmpabc"}
     */
    public FileClosedException(String operation, String what) {
        this.operation = operation + "() on closed " + what;
    }

    @Override
    public String getMessage() {
        return operation;
    }
}
