package dev.asynctemp;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Objects;
import java.util.stream.Stream;

/**
 * This JVM's open file descriptors that point into one directory (Linux, {@code /proc/self/fd}).
 *
 * <p>Tests count only the descriptors under a directory of their own: the JVM, the build tool and
 * other threads (class loading, coverage agents, a watch service) open and close descriptors
 * elsewhere at any time, so a count of the whole process is not the test's to assert on.
 */
public final class OpenDescriptors {

    private OpenDescriptors() {
    }

    /** Whether this platform shows open descriptors in {@code /proc/self/fd}. */
    public static boolean shown() {
        return Files.isDirectory(Path.of("/proc/self/fd"));
    }

    /**
     * The targets of this JVM's open descriptors on {@code dir} or inside it (an unlinked file
     * still counts: Linux shows it as {@code "<path> (deleted)"}).
     */
    public static List<String> under(Path dir) throws IOException {
        String self = dir.toRealPath().toString();
        String prefix = self + "/";
        try (Stream<Path> descriptors = Files.list(Path.of("/proc/self/fd"))) {
            return descriptors.map(OpenDescriptors::target)
                    .filter(Objects::nonNull)
                    .filter(target -> target.equals(self) || target.startsWith(prefix))
                    .toList();
        }
    }

    private static String target(Path descriptor) {
        try {
            return Files.readSymbolicLink(descriptor).toString();
        } catch (IOException closedMeanwhile) {
            return null;
        }
    }
}
