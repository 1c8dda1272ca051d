package dev.asynctemp.internal;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;

/** A {@link ByteStore} on an open {@link FileChannel}, using positional reads and writes only. */
final class ChannelStore implements ByteStore {

    private static final ByteBuffer ZERO = ByteBuffer.allocate(1);

    private final FileChannel channel;

    ChannelStore(FileChannel channel) {
        this.channel = channel;
    }

    @Override
    public int read(ByteBuffer dst, long position) throws IOException {
        int total = 0;
        while (dst.hasRemaining()) {
            int n = channel.read(dst, position + total);
            if (n <= 0) {
                break;
            }
            total += n;
        }
        return total;
    }

    @Override
    public void write(ByteBuffer src, long position) throws IOException {
        long at = position;
        while (src.hasRemaining()) {
            at += channel.write(src, at);
        }
    }

    @Override
    public long size() throws IOException {
        return channel.size();
    }

    @Override
    public void truncate(long size) throws IOException {
        long current = channel.size();
        if (size < current) {
            channel.truncate(size);
        } else if (size > current) {
            // FileChannel.truncate never grows a file; writing the last byte does, with zeros before it.
            channel.write(ZERO.duplicate(), size - 1);
        }
    }

    @Override
    public void close() throws IOException {
        channel.close();
    }
}
