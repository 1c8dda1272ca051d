package dev.asynctemp.internal;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * A stretch of execution that temporary artifacts belong to: one test, one test class, or the whole
 * run. Threads are bound to a scope with {@link Scopes}; the JUnit extension opens and closes them.
 * Plain Java: the core knows nothing of JUnit.
 *
 * <p>A scope ends in two steps. {@link #close()}: creations called from now on belong to the run
 * level, but those already in flight still count for this scope. {@link #seal()}: the final
 * account is taken; anything recorded later goes to the run level. Recording and sealing exclude
 * each other, so an artifact is in exactly one account and never lost in between.
 */
public final class Scope {

    private final String name;
    private final Path root;
    private final Set<Artifact> artifacts = new LinkedHashSet<>();
    private final AtomicInteger creationsInFlight = new AtomicInteger();
    private volatile boolean closed;
    private boolean sealed;

    /**
     * Creates an open scope; see {@link Ledger#openScope}.
     *
     * @param name what the scope stands for, such as a test's display name, for messages
     * @param root the temp root configured for this scope, or {@code null} for the default
     */
    Scope(String name, Path root) {
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

    /** Ends the scope for new creations: those called from now on belong to the run level. */
    public void close() {
        closed = true;
    }

    /** Tells whether {@link #close()} was called. */
    public boolean isClosed() {
        return closed;
    }

    /** Tells whether {@link #seal()} was called: the scope has had its verdict. */
    public synchronized boolean isSealed() {
        return sealed;
    }

    /**
     * Closes the scope for good and returns its final account; artifacts recorded afterwards go to
     * the run level.
     *
     * @return the artifacts that leaked, checked after sealing
     */
    public List<Artifact> seal() {
        List<Artifact> snapshot;
        synchronized (this) {
            closed = true;
            sealed = true;
            snapshot = new ArrayList<>(artifacts);
            // The account is final: let go of handles and stacks, even if a thread keeps the scope.
            artifacts.clear();
        }
        return Artifact.leakedAmong(snapshot);
    }

    void creationStarted() {
        creationsInFlight.incrementAndGet();
    }

    void creationSettled() {
        creationsInFlight.decrementAndGet();
    }

    /**
     * Tells whether creations called in this scope are still running: their artifacts are not
     * recorded yet, so a verdict should give them its grace period.
     *
     * @return {@code true} while any creation is in flight
     */
    public boolean creating() {
        return creationsInFlight.get() > 0;
    }

    /** Adds an artifact unless the scope is sealed; tells whether it did. */
    synchronized boolean record(Artifact artifact) {
        if (sealed) {
            return false;
        }
        artifacts.add(artifact);
        return true;
    }


    /**
     * Returns the artifacts recorded here that have leaked: still on disk or still open. Costs one
     * check per artifact recorded in this scope, whatever else the file system holds.
     *
     * @return the leaks, in creation order
     */
    public List<Artifact> leaks() {
        List<Artifact> snapshot;
        synchronized (this) {
            snapshot = new ArrayList<>(artifacts);
        }
        return Artifact.leakedAmong(snapshot);
    }

    @Override
    public String toString() {
        return "Scope[" + name + (closed ? ", closed]" : "]");
    }
}
