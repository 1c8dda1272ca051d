package dev.asynctemp.internal;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.Supplier;

/**
 * A stretch of execution that temporary artifacts belong to: one test, one test class, or the whole
 * run. Threads are bound to a scope with {@link Scopes}; the JUnit extension opens and closes them.
 * Plain Java: the core knows nothing of JUnit.
 *
 * <p>A scope ends in two steps. {@link #close()}: the test's code is done; creations and work
 * started from now on belong to the run level, except what a worker does to finish work the test
 * started (and callbacks chained on it), which still counts for this scope. {@link #seal()}: the
 * final account is taken; anything recorded later goes to the run level. Recording and sealing
 * exclude each other, so an artifact is in exactly one account and never lost in between.
 *
 * <p>The scope also knows its work in flight: every creation, file operation, close and cleanup
 * started for it, from the call until its future is complete and the callbacks chained on it
 * before completion have run. A verdict awaits that work instead of guessing how long it takes.
 */
public final class Scope {

    private final String name;
    private final String displayName;
    private final Path root;
    private final long openedAt;
    private final Set<Artifact> artifacts = new LinkedHashSet<>();
    private final Set<Work> inFlight = ConcurrentHashMap.newKeySet();
    private volatile boolean closed;
    private volatile boolean sealed;
    private volatile long sealedAt = Long.MAX_VALUE;
    private volatile ForeignWatch.Window window;

    /**
     * Creates an open scope; see {@link Ledger#openScope}.
     *
     * @param name a unique, hierarchical id (a JUnit unique id): a scope whose name is a prefix of
     *     another's, followed by {@code '/'}, encloses it
     * @param displayName what the scope stands for, for messages
     * @param root the temp root configured for this scope, or {@code null} for the default
     * @param openedAt the ledger's count of opened scopes, this one included
     */
    Scope(String name, String displayName, Path root, long openedAt) {
        this.name = name;
        this.displayName = displayName;
        this.root = root;
        this.openedAt = openedAt;
    }

    /** Returns the unique id of what the scope stands for. */
    public String name() {
        return name;
    }

    /** Returns what the scope stands for, for messages. */
    public String displayName() {
        return displayName;
    }

    /** Returns the temp root configured for this scope, if any. */
    public Optional<Path> root() {
        return Optional.ofNullable(root);
    }

    /** Tells whether {@code other} is this scope or encloses it (its class, an outer class). */
    boolean isWithin(Scope other) {
        return other == this || name.startsWith(other.name + "/");
    }

    long openedAt() {
        return openedAt;
    }

    long sealedAt() {
        return sealedAt;
    }

    /** Returns the foreign-leak window opened for this scope, if a watch runs. */
    public Optional<ForeignWatch.Window> window() {
        return Optional.ofNullable(window);
    }

    /** Sets the foreign-leak window opened for this scope. */
    public void window(ForeignWatch.Window opened) {
        this.window = opened;
    }

    /** Ends the scope for new creations and work of the test's own code. */
    public void close() {
        closed = true;
    }

    /** Tells whether {@link #close()} was called. */
    public boolean isClosed() {
        return closed;
    }

    /** Tells whether {@link #seal()} was called: the scope has had its verdict. */
    public boolean isSealed() {
        return sealed;
    }

    /**
     * Tells whether creations and work started now still count for this scope: while it is open,
     * and until its seal for a worker finishing what the scope started.
     */
    boolean accepts(boolean finishingItsWork) {
        return !closed || (finishingItsWork && !sealed);
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
        Ledger.sealed(this);
        return Artifact.leakedAmong(snapshot);
    }

    void sealedAt(long openings) {
        sealedAt = openings;
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
     * Registers work started for this scope; ends with {@link Work#end()}.
     *
     * @param what describes the work for a timeout message, evaluated only then
     * @return the token to end
     */
    Work begin(Supplier<String> what) {
        var work = new Work(this, what);
        inFlight.add(work);
        return work;
    }

    /**
     * Tells whether nothing started for this scope is still running: no creation, operation, close
     * or cleanup, and no close or cleanup requested on its artifacts by anyone.
     *
     * @return {@code true} when a verdict can be given
     */
    public boolean quiet() {
        if (!inFlight.isEmpty()) {
            return false;
        }
        return snapshot().stream().noneMatch(Artifact::cleanupInFlight);
    }

    /**
     * Describes what is still in flight, for a timeout message.
     *
     * @return one line per piece of work or artifact being cleaned up
     */
    public List<String> inFlight() {
        var lines = new ArrayList<String>();
        for (Work work : inFlight) {
            lines.add(work.describe());
        }
        for (Artifact artifact : snapshot()) {
            if (artifact.cleanupInFlight()) {
                lines.add("cleanup of " + artifact);
            }
        }
        return lines;
    }

    private synchronized List<Artifact> snapshot() {
        return new ArrayList<>(artifacts);
    }

    /**
     * Returns the artifacts recorded here that have leaked: still on disk or still open. Costs one
     * check per artifact recorded in this scope, whatever else the file system holds.
     *
     * @return the leaks, in creation order
     */
    public List<Artifact> leaks() {
        return Artifact.leakedAmong(snapshot());
    }

    @Override
    public String toString() {
        return "Scope[" + name + (closed ? ", closed]" : "]");
    }

    /** One piece of work in flight for a scope. */
    static final class Work {
        private final Scope scope;
        private final Supplier<String> what;

        private Work(Scope scope, Supplier<String> what) {
            this.scope = scope;
            this.what = what;
        }

        /** Marks the work finished; idempotent. */
        void end() {
            scope.inFlight.remove(this);
        }

        String describe() {
            try {
                return what.get();
            } catch (RuntimeException e) {
                return "work of " + scope.displayName;
            }
        }
    }
}
