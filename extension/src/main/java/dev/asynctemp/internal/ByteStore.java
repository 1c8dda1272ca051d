package dev.asynctemp.internal;

import java.io.IOException;
import java.nio.ByteBuffer;

/**
 * Random-access bytes behind a temporary file: a {@link java.nio.channels.FileChannel} or memory.
 * Positions are explicit; the store keeps none of its own. Not thread-safe: callers serialise.
 */
interface ByteStore {

    /**
     * Reads from {@code position} into {@code dst} until it is full or the data ends.
     *
     * @return bytes read; 0 at or past the end
     */
    int read(ByteBuffer dst, long position) throws IOException;

    /** Writes all of {@code src} at {@code position}; a gap past the end reads as zeros. */
    void write(ByteBuffer src, long position) throws IOException;

    /** Returns the size in bytes. */
    long size() throws IOException;

    /** Sets the size: cuts, or extends with zeros. */
    void truncate(long size) throws IOException;

    /** Releases the store. */
    void close() throws IOException;
}
