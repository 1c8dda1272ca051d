package dev.asynctemp.internal;

import dev.asynctemp.Whence;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.util.ArrayList;
import java.util.List;
import java.util.function.Consumer;

/**
 * The blocking operations of a temporary file over a {@link ByteStore}, with the file position.
 * Subclasses turn bytes into {@code T}: {@link BinaryOps} and {@link TextOps}. Not thread-safe:
 * the owning file runs these one at a time.
 *
 * @param <T> {@code byte[]} or {@code String}
 */
abstract class FileOps<T> {

    /** Largest amount read into one {@code byte[]} or {@code String}. */
    static final int MAX_READ = Integer.MAX_VALUE - 8;

    private ByteStore store;
    private long position;

    FileOps(ByteStore store) {
        this.store = store;
    }

    final ByteStore store() {
        return store;
    }

    /** Swaps the store (a spooled file rolling over); the position stays. */
    final void replaceStore(ByteStore replacement) {
        this.store = replacement;
    }

    final long position() {
        return position;
    }

    final void position(long newPosition) {
        this.position = newPosition;
    }

    abstract T read() throws IOException;

    abstract T read(int size) throws IOException;

    abstract T readline() throws IOException;

    /** Tells whether {@code value} is empty, which marks the end of the file. */
    abstract boolean isEmpty(T value);

    /** Turns {@code data} into the bytes to write. Text mode encodes and translates newlines. */
    abstract ByteBuffer encode(T data) throws IOException;

    /** Returns what {@code write} reports for {@code data}: bytes or chars. */
    abstract int units(T data);

    final List<T> readlines() throws IOException {
        var lines = new ArrayList<T>();
        forEachLine(lines::add);
        return lines;
    }

    final void forEachLine(Consumer<? super T> action) throws IOException {
        for (T line = readline(); !isEmpty(line); line = readline()) {
            action.accept(line);
        }
    }

    final int readinto(ByteBuffer buffer) throws IOException {
        int n = store.read(buffer, position);
        position += n;
        return n;
    }

    final int write(T data) throws IOException {
        writeBytes(encode(data));
        return units(data);
    }

    final void writelines(List<? extends T> lines) throws IOException {
        writeBytes(encodeAll(lines));
    }

    /** Encodes every element first, so that a coding error in any of them writes nothing at all. */
    final ByteBuffer encodeAll(List<? extends T> lines) throws IOException {
        if (lines.size() == 1) {
            return encode(lines.get(0));
        }
        var encoded = new ArrayList<ByteBuffer>(lines.size());
        long total = 0;
        for (T line : lines) {
            ByteBuffer bytes = encode(line);
            encoded.add(bytes);
            total += bytes.remaining();
        }
        if (total > MAX_READ) {
            throw new IOException("writelines of " + total + " bytes in one call is too large");
        }
        var all = ByteBuffer.allocate((int) total);
        encoded.forEach(all::put);
        return all.flip();
    }

    /** Writes raw bytes at the position and moves past them. */
    void writeBytes(ByteBuffer bytes) throws IOException {
        int n = bytes.remaining();
        store.write(bytes, position);
        position += n;
    }

    final long seek(long offset, Whence whence) throws IOException {
        long base = switch (whence) {
            case SET -> 0;
            case CURRENT -> position;
            case END -> store.size();
        };
        long target = base + offset;
        if (target < 0) {
            throw new IllegalArgumentException("seek(" + offset + ", " + whence + ") would move to negative position "
                    + target + "; the position stays " + position);
        }
        position = target;
        return target;
    }

    final long truncate(long size) throws IOException {
        store.truncate(size);
        return size;
    }

    /** Returns how many bytes lie between the position and the end, checked to fit one read. */
    final int remaining() throws IOException {
        long left = Math.max(0, store.size() - position);
        if (left > MAX_READ) {
            throw new IOException(left + " bytes left in the file: too many to read at once; use read(size)");
        }
        return (int) left;
    }
}
