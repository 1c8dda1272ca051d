package dev.asynctemp;

/**
 * The reference point of {@link TemporaryFile#seek(long, Whence)}, as Python's {@code os.SEEK_SET},
 * {@code os.SEEK_CUR} and {@code os.SEEK_END}.
 *
 * @since 0.1.0
 */
public enum Whence {
    /** The offset counts from the start of the file; it must not be negative. */
    SET,
    /** The offset counts from the current position; it may be negative. */
    CURRENT,
    /** The offset counts from the end of the file; it may be negative. */
    END
}
