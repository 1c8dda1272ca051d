package dev.asynctemp;

import java.nio.channels.ClosedChannelException;
import java.util.Objects;

/**
 * The failure of an operation called on a temporary file after {@link TemporaryFile#close()} (or,
 * for a {@link NamedTemporaryFile}, after {@link NamedTemporaryFile#closeHandle()}): the Java form
 * of the {@code ValueError: I/O operation on closed file} that Python raises.
 *
 * <p>It is a {@link ClosedChannelException}, as the JDK's own channels report use after close, and
 * its message names the operation and the file, for example
 * {@code "write() on closed NamedTemporaryFile /tmp/tmpabc"}. Operations report it by completing
 * their future exceptionally; they never throw it.
 *
 * @since 0.1.0
 */
public final class FileClosedException extends ClosedChannelException {

    private static final long serialVersionUID = 1L;

    /** The refused operation, such as {@code "write"}. */
    private final String operation;
    /** The message: operation and file. */
    private final String message;

    /**
     * Creates the exception.
     *
     * @param operation the operation that was refused, such as {@code "write"}
     * @param file what was closed, such as {@code "NamedTemporaryFile /tmp/tmpabc"}
     * @throws NullPointerException if an argument is {@code null}
     */
    public FileClosedException(String operation, String file) {
        this.operation = Objects.requireNonNull(operation, "operation must not be null");
        this.message = operation + "() on closed " + Objects.requireNonNull(file, "file must not be null");
    }

    /**
     * Returns the operation that met the closed file.
     *
     * @return the operation's method name, such as {@code "write"} or {@code "forEachLine"}
     */
    public String operation() {
        return operation;
    }

    @Override
    public String getMessage() {
        return message;
    }
}
