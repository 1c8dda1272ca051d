package dev.asynctemp.internal;

import java.nio.file.Path;
import java.util.Optional;

/**
 * A stretch of execution that temporary artifacts belong to: one test, one test class, or the whole
 * run. Threads are bound to a scope with {@link Scopes}; the JUnit extension opens and closes them.
 * Plain Java: the core knows nothing of JUnit.
 */
public final class Scope {

    private final String name;
    private final Path root;
    private volatile boolean closed;

    /**
     * Creates an open scope.
     *
     * @param name what the scope stands for, such as a test's display name, for messages
     * @param root the temp root configured for this scope, or {@code null} for the default
     */
    public Scope(String name, Path root) {
        this.name = name;
        this.root = root;
    }

    /** Returns what the scope stands for. */
    public String name() {
        return name;
    }

    /** Returns the temp root configured for this scope, if any. */
    public Optional<Path> root() {
        return Optional.ofNullable(root);
    }

    /** Marks the scope finished; work still bound to it afterwards no longer counts as its own. */
    public void close() {
        closed = true;
    }

    /** Tells whether {@link #close()} was called. */
    public boolean isClosed() {
        return closed;
    }

    @Override
    public String toString() {
        return "Scope[" + name + (closed ? ", closed]" : "]");
    }
}
