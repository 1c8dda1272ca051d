package dev.asynctemp;

import java.io.IOException;
import java.nio.file.Path;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * Thrown when a temporary file or directory could not be removed completely; names every path
 * that is left and why.
 *
 * <p>Each cause is also attached as a suppressed exception, so stack traces show all of them.
 *
 * @since 0.1.0
 */
public final class CleanupException extends IOException {

    private static final long serialVersionUID = 1L;

    private final transient Map<Path, IOException> failures;

    /**
     * Creates the exception.
     *
     * @param root the file or directory whose removal failed
     * @param failures each path that could not be removed, with the reason, in the order met
     * @throws IllegalArgumentException if {@code failures} is empty
     */
    public CleanupException(Path root, Map<Path, IOException> failures) {
        super(message(root, failures));
        this.failures = Collections.unmodifiableMap(new LinkedHashMap<>(failures));
        failures.values().forEach(this::addSuppressed);
    }

    private static String message(Path root, Map<Path, IOException> failures) {
        if (failures.isEmpty()) {
            throw new IllegalArgumentException("failures must not be empty");
        }
        var text = new StringBuilder("Failed to remove ").append(root).append(": ")
                .append(failures.size()).append(failures.size() == 1 ? " path" : " paths").append(" left");
        failures.forEach((path, cause) -> text.append(System.lineSeparator()).append("  - ").append(path)
                .append(": ").append(describe(cause)));
        return text.toString();
    }

    private static String describe(IOException cause) {
        String kind = cause.getClass().getSimpleName();
        String reason = cause instanceof java.nio.file.FileSystemException fse ? fse.getReason() : cause.getMessage();
        return reason == null ? kind : kind + " (" + reason + ")";
    }

    /**
     * Returns each path that could not be removed with the reason.
     *
     * @return an unmodifiable map in the order the failures happened
     */
    public Map<Path, IOException> failures() {
        return failures;
    }
}
