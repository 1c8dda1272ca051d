package dev.asynctemp.internal;

import java.io.IOException;
import java.nio.charset.Charset;
import java.nio.file.AccessDeniedException;
import java.nio.file.Files;
import java.nio.file.InvalidPathException;
import java.nio.file.NoSuchFileException;
import java.nio.file.NotDirectoryException;
import java.nio.file.Path;

/**
 * The directory {@code gettempdir()} answers: the root configured for the current {@link Scope}
 * (the JUnit configuration parameter {@code asynctemp.tmpdir}), else the system property
 * {@code asynctemp.tmpdir}, else {@code java.io.tmpdir}.
 */
public final class TempRoot {

    /** System property naming the root directory for temporary files; overrides {@code java.io.tmpdir}. */
    public static final String PROPERTY = "asynctemp.tmpdir";

    private TempRoot() {
    }

    /**
     * Resolves and checks the root: it must exist, be a directory and be writable.
     *
     * @return the absolute, normalised root
     * @throws IOException naming the property the value came from if the check fails
     */
    public static Path resolve() throws IOException {
        Scope scope = Scopes.current();
        if (scope != null && scope.root().isPresent()) {
            return check(scope.root().get(), "the configuration parameter " + PROPERTY);
        }
        String configured = System.getProperty(PROPERTY);
        String source = configured != null ? "the system property " + PROPERTY : "java.io.tmpdir";
        String value = configured != null ? configured : System.getProperty("java.io.tmpdir");
        if (value == null || value.isBlank()) {
            throw new NoSuchFileException(String.valueOf(value), null,
                    "no temporary directory: neither the system property " + PROPERTY + " nor java.io.tmpdir is set");
        }
        try {
            return check(Path.of(value), source);
        } catch (InvalidPathException e) {
            throw new NoSuchFileException(value, null, source + " is not a valid path: " + e.getMessage());
        }
    }

    /**
     * Checks that {@code candidate} is an existing, writable directory.
     *
     * @param candidate the directory
     * @param source where the value came from, for messages
     * @return the absolute, normalised directory
     * @throws IOException naming {@code source} if it is not usable
     */
    public static Path check(Path candidate, String source) throws IOException {
        Path root = candidate.toAbsolutePath().normalize();
        if (!Files.exists(root)) {
            throw new NoSuchFileException(root.toString(), null,
                    "the temporary directory set by " + source + " does not exist");
        }
        if (!Files.isDirectory(root)) {
            throw new NotDirectoryException(root + " (set by " + source + ") is not a directory");
        }
        if (!Files.isWritable(root)) {
            throw new AccessDeniedException(root.toString(), null,
                    "the temporary directory set by " + source + " is not writable");
        }
        return root;
    }

    /**
     * Encodes a path as bytes in the platform's file-name encoding, as Python's {@code os.fsencode}.
     *
     * @param path the path
     * @return its bytes
     */
    public static byte[] fileNameBytes(Path path) {
        return path.toString().getBytes(fileNameCharset());
    }

    static Charset fileNameCharset() {
        // sun.jnu.encoding is what the JDK itself uses to turn file names into bytes.
        for (String property : new String[] {"sun.jnu.encoding", "native.encoding", "file.encoding"}) {
            String name = System.getProperty(property);
            if (name != null && Charset.isSupported(name)) {
                return Charset.forName(name);
            }
        }
        return Charset.defaultCharset();
    }
}
