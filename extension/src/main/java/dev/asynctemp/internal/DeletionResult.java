package dev.asynctemp.internal;

import dev.asynctemp.CleanupException;
import java.io.IOException;
import java.nio.file.Path;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.Map;

/** The outcome of a {@link SecureDeletion}: every path that could not be removed, with its cause. */
public final class DeletionResult {

    private final Path root;
    private final Map<Path, IOException> failures = new LinkedHashMap<>();

    DeletionResult(Path root) {
        this.root = root;
    }

    void fail(Path path, IOException cause) {
        failures.putIfAbsent(path, cause);
    }

    int failureCount() {
        return failures.size();
    }

    /** Returns the root that was to be removed. */
    public Path root() {
        return root;
    }

    /** Tells whether everything was removed. */
    public boolean succeeded() {
        return failures.isEmpty();
    }

    /** Returns the failures in the order met; empty on success. */
    public Map<Path, IOException> failures() {
        return Collections.unmodifiableMap(new LinkedHashMap<>(failures));
    }

    /**
     * Turns failures into one exception.
     *
     * @throws CleanupException naming every path left, if anything was left
     */
    public void throwIfFailed() throws CleanupException {
        if (!failures.isEmpty()) {
            throw new CleanupException(root, failures);
        }
    }
}
