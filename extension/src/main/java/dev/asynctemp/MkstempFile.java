package dev.asynctemp;

import java.io.Closeable;
import java.io.IOException;
import java.nio.channels.FileChannel;
import java.nio.file.Path;
import java.util.Objects;

/**
 * What {@link AsyncTempfile#mkstemp()} returns: the open channel of a new file and its absolute
 * path, the Java form of Python's {@code (fd, path)} tuple.
 *
 * <p>The file is not removed by the library: close the channel and delete the path when done
 * (inside a test with the JUnit extension, a file left behind fails the test as a leak).
 *
 * <pre>{@code
 * var made = mkstemp(options().withPrefix("mkstemp_").withSuffix(".txt")).join();
 * try (FileChannel channel = made.channel()) {
 *     channel.write(ByteBuffer.wrap(data));
 * }
 * Files.delete(made.path());
 * }</pre>
 *
 * @param channel the file opened for reading and writing, positioned at 0
 * @param path the file's absolute path
 * @since 0.1.0
 */
public record MkstempFile(FileChannel channel, Path path) implements Closeable {

    /**
     * Checks the components.
     *
     * @param channel the open channel
     * @param path the absolute path
     * @throws NullPointerException if a component is {@code null}
     */
    public MkstempFile {
        Objects.requireNonNull(channel, "channel must not be null");
        Objects.requireNonNull(path, "path must not be null");
    }

    /**
     * Closes the channel, like Python's {@code os.close(fd)}; the file stays on disk.
     *
     * @throws IOException if closing the channel fails
     */
    @Override
    public void close() throws IOException {
        channel.close();
    }
}
