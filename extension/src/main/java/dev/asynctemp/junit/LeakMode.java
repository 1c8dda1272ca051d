package dev.asynctemp.junit;

/**
 * What the leak detector does when a test leaves temporary artifacts behind.
 *
 * @since 0.1.0
 */
public enum LeakMode {
    /** Fail the test with a {@link TempFileLeakException}; the default. */
    FAIL,
    /** Publish a report entry and log a warning; the test passes. */
    WARN,
    /** Do not check. */
    OFF
}
