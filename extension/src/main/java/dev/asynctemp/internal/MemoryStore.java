package dev.asynctemp.internal;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.util.Arrays;

/** A {@link ByteStore} in a growable byte array; touches no file system. */
final class MemoryStore implements ByteStore {

    private static final int MAX_ARRAY = Integer.MAX_VALUE - 8;

    /** The most the content may reach before it leaves memory, or 0 for no limit: growth stops there. */
    private final int limit;
    private byte[] bytes = new byte[0];
    private int size;

    /**
     * Creates an empty store.
     *
     * @param limit the size the content may reach in memory (a spooled file's {@code maxSize}), so
     *     that the array never grows past it; 0 or less for no limit
     */
    MemoryStore(int limit) {
        this.limit = Math.max(0, limit);
    }

    @Override
    public int read(ByteBuffer dst, long position) {
        if (position >= size) {
            return 0;
        }
        int n = (int) Math.min(dst.remaining(), size - position);
        dst.put(bytes, (int) position, n);
        return n;
    }

    @Override
    public void write(ByteBuffer src, long position) throws IOException {
        if (!src.hasRemaining()) {
            // As on disk: writing nothing, even past the end, changes nothing.
            return;
        }
        long end = position + src.remaining();
        ensureCapacity(end);
        int at = (int) position;
        int n = src.remaining();
        if (at > size) {
            Arrays.fill(bytes, size, at, (byte) 0);
        }
        src.get(bytes, at, n);
        size = Math.max(size, at + n);
    }

    @Override
    public long size() {
        return size;
    }

    @Override
    public void truncate(long newSize) throws IOException {
        if (newSize > size) {
            ensureCapacity(newSize);
            Arrays.fill(bytes, size, (int) newSize, (byte) 0);
        }
        size = (int) newSize;
    }

    @Override
    public void close() {
        bytes = new byte[0];
        size = 0;
    }

    /** Returns the length of the array holding the content: what the store costs in memory. */
    int capacity() {
        return bytes.length;
    }

    /** Copies the content, for a rollover. */
    ByteBuffer contents() {
        return ByteBuffer.wrap(bytes, 0, size).asReadOnlyBuffer();
    }

    private void ensureCapacity(long needed) throws IOException {
        if (needed > MAX_ARRAY) {
            throw new IOException("in-memory file cannot grow to " + needed + " bytes (limit " + MAX_ARRAY + ")");
        }
        if (needed > bytes.length) {
            long grown = Math.max(64, Math.max(needed, Math.min((long) bytes.length * 2, MAX_ARRAY)));
            if (limit > 0 && needed <= limit) {
                // Doubling past the limit would hold up to twice maxSize for content that never exceeds it.
                grown = Math.min(grown, limit);
            }
            bytes = Arrays.copyOf(bytes, (int) grown);
        }
    }
}
