package dev.asynctemp.internal;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.util.Arrays;

/** {@link FileOps} for binary mode: elements are {@code byte[]}, lines end at {@code '\n'}. */
final class BinaryOps extends FileOps<byte[]> {

    private static final int LINE_CHUNK = 8192;
    private static final byte[] EMPTY = new byte[0];

    BinaryOps(ByteStore store) {
        super(store);
    }

    @Override
    byte[] read() throws IOException {
        return read(remaining());
    }

    @Override
    byte[] read(int size) throws IOException {
        var buffer = ByteBuffer.allocate((int) Math.min(size, Math.max(0, store().size() - position())));
        int n = readinto(buffer);
        return n == buffer.capacity() ? buffer.array() : Arrays.copyOf(buffer.array(), n);
    }

    @Override
    byte[] readline() throws IOException {
        var line = new ByteArrayOutputStream();
        var chunk = ByteBuffer.allocate(LINE_CHUNK);
        while (true) {
            chunk.clear();
            int n = store().read(chunk, position());
            if (n == 0) {
                break;
            }
            byte[] bytes = chunk.array();
            int end = 0;
            while (end < n && bytes[end] != '\n') {
                end++;
            }
            boolean found = end < n;
            int take = found ? end + 1 : n;
            line.write(bytes, 0, take);
            position(position() + take);
            if (found) {
                break;
            }
        }
        return line.size() == 0 ? EMPTY : line.toByteArray();
    }

    @Override
    boolean isEmpty(byte[] value) {
        return value.length == 0;
    }

    @Override
    ByteBuffer encode(byte[] data) {
        return ByteBuffer.wrap(data);
    }

    @Override
    int units(byte[] data) {
        return data.length;
    }
}
