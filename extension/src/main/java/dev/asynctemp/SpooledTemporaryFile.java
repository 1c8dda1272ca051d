package dev.asynctemp;

import java.util.concurrent.CompletableFuture;

/**
 * A temporary file kept in memory until it grows past {@link #maxSize()} bytes, then moved to disk;
 * the Java form of anyio's {@code SpooledTemporaryFile}. Pick it to keep small data off the disk.
 *
 * <pre>{@code
 * try (SpooledTemporaryFile<String> f = spooledTemporaryFile(1024, Mode.TEXT)) {
 *     f.write("Spooled temp file content").join();
 *     f.seek(0).join();
 *     System.out.println(f.read().join());
 * }
 * }</pre>
 *
 * <p><b>In memory.</b> Until it rolls over, the file touches no file system at all (not even to
 * check its directory), and every operation completes on the calling thread before returning, with
 * no thread hop. Creating one is therefore synchronous. Memory: at most {@code maxSize} bytes of
 * content (the array never grows past it) plus the element being written; a {@code maxSize} of
 * zero or less keeps everything in memory.
 *
 * <p><b>Rolling over.</b> A write (or {@code writelines}, or {@code truncate(size)}) rolls the file
 * over when it would leave the file or the position past {@code maxSize} bytes: exactly
 * {@code maxSize} bytes stay in memory, one more byte goes to disk. In text mode the bytes counted
 * are the encoded ones. A {@code maxSize} of zero or less never rolls over on its own (CPython's
 * rule). The operation that rolls over, and every operation after it, runs on a worker thread like
 * any {@link TemporaryFile}'s; a {@code writelines} that crosses {@code maxSize} writes the
 * elements that fit in memory on the calling thread, then rolls over on a worker and writes the
 * rest there, one element at a time. The disk file is an anonymous temporary file made with the
 * creator's prefix, suffix and dir.
 *
 * <p><b>Nothing lost.</b> If rolling over fails (say {@code dir} does not exist or the disk is
 * full), the operation that needed it fails with the {@link java.io.IOException}; the file stays
 * in memory with its data and position unchanged, nothing is left on disk, and a later rollover may
 * succeed. {@link #rollover()} keeps the position (CPython's behaviour; anyio moves to the end).
 *
 * @param <T> {@code byte[]} in binary mode, {@code String} in text mode
 * @since 0.1.0
 */
public interface SpooledTemporaryFile<T> extends TemporaryFile<T> {

    /**
     * Moves the content to a file on disk now, keeping the position. Does nothing if already rolled
     * over or closed-to-be; calling it again is harmless.
     *
     * @return completes when the content is on disk, or exceptionally with the
     *     {@link java.io.IOException} that prevented it, the content staying in memory
     */
    CompletableFuture<Void> rollover();

    /**
     * Tells whether the content has moved to disk.
     *
     * @return {@code true} after a successful rollover
     */
    boolean isRolledOver();

    /**
     * Returns the size in bytes the content may reach in memory.
     *
     * @return the threshold; zero or less means no automatic rollover
     */
    int maxSize();
}
