package dev.asynctemp.internal;

import dev.asynctemp.Whence;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.util.ArrayList;
import java.util.List;

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

    /** Reads every remaining line: memory for the rest of the file, as lines. */
    final List<T> readlines() throws IOException {
        var lines = new ArrayList<T>();
        for (T line = readline(); !isEmpty(line); line = readline()) {
            lines.add(line);
        }
        return lines;
    }

    final int readinto(ByteBuffer buffer) throws IOException {
        int n = store.read(buffer, position);
        position += n;
        return n;
    }

    /**
     * Encodes {@code data} and writes it at the position: memory for one encoded element, and a
     * coding error writes nothing.
     */
    final int write(T data) throws IOException {
        writeBytes(encode(data));
        return units(data);
    }

    /**
     * The kinds of line ending read so far, as Python's {@code newlines}: empty, or some of
     * {@code "\r"}, {@code "\n"}, {@code "\r\n"} in that order. Binary mode tracks none.
     */
    List<String> newlines() {
        return List.of();
    }

    /** Called once the store moved to disk: text mode forgets the line endings seen, as CPython's new wrapper does. */
    void rolledOver() {
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
        moved(target, whence);
        return target;
    }

    /** Called after a seek to {@code target}; text mode forgets line endings as CPython's decoder reset does. */
    void moved(long target, Whence whence) {
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
