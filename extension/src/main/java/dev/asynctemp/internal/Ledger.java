package dev.asynctemp.internal;

import dev.asynctemp.MkstempFile;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.concurrent.CopyOnWriteArraySet;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * The book of created artifacts: who created what, where. Every creator of the library reports
 * here; the JUnit side opens scopes, asks for their leaks, and reads the run level.
 *
 * <p>Nothing is recorded (and no stack is captured) unless someone is listening: a scope is bound
 * to the calling thread, or a test run is active. A library used outside tests keeps no books.
 */
public final class Ledger {

    private static final Set<Run> ACTIVE_RUNS = new CopyOnWriteArraySet<>();
    private static final AtomicInteger SCOPES_OPENED = new AtomicInteger();

    /**
     * One listener's view of the run level: the artifacts created outside any test while it was
     * listening. Runs in one JVM (a build's launcher, a nested {@code EngineTestKit} run) each see
     * only what was created during their own lifetime.
     */
    public static final class Run {
        private static final int FIRST_PRUNE = 1024;
        private final List<Artifact> artifacts = new ArrayList<>();
        private int pruneAt = FIRST_PRUNE;

        private Run() {
        }

        synchronized void add(Artifact artifact) {
            artifacts.add(artifact);
            if (artifacts.size() >= pruneAt) {
                // Keep only what is still on disk or open: long runs that close what they make
                // outside tests must not hold on to it. Doubling keeps the cost amortised.
                artifacts.removeIf(kept -> !kept.leaked());
                pruneAt = Math.max(FIRST_PRUNE, artifacts.size() * 2);
            }
        }

        /** Returns how many artifacts the run keeps, leaked or not: bounded by pruning. */
        synchronized int size() {
            return artifacts.size();
        }

        synchronized boolean holds(Artifact artifact) {
            return artifacts.contains(artifact);
        }

        /**
         * Returns what was created outside any test during this run and has leaked so far.
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
    }

    private Ledger() {
    }

    /**
     * Captures the caller's stack and scope, if anyone is tracking; call it on the thread that
     * called the public creator.
     *
     * @return the site, or {@code null} if nothing is tracked
     */
    public static CreationSite capture() {
        Scopes.Current current = Scopes.currentBinding();
        if (current == null && ACTIVE_RUNS.isEmpty()) {
            return null;
        }
        return new CreationSite(new Throwable("created here"), current == null ? null : current.scope(),
                current != null && current.explicit());
    }

    static void record(CreationSite site, Artifact artifact) {
        if (site == null) {
            return;
        }
        Scope owner = site.owner();
        if (owner != null && owner.record(artifact)) {
            return;
        }
        // Outside any test, or its test already ended: the run level owns it, if a run listens.
        for (Run run : ACTIVE_RUNS) {
            run.add(artifact);
        }
    }

    /** Records a file from {@code mkstemp}. */
    static void mkstemp(CreationSite site, MkstempFile made) {
        record(site, new Artifact(Artifact.Kind.MKSTEMP_FILE, made.path(), made.channel(), "", site));
    }

    /** Records a directory from {@code mkdtemp}. */
    static void mkdtemp(CreationSite site, Path made) {
        record(site, new Artifact(Artifact.Kind.MKDTEMP_DIRECTORY, made, null, "", site));
    }

    /** Records a file object, whose path (if any) counts while it exists. */
    static void file(CreationSite site, Artifact.Kind kind, AsyncFile<?> file, Path path, String detail) {
        record(site, new Artifact(kind, path, file, detail, site));
    }

    /** Records a temporary directory. */
    static void directory(CreationSite site, Directory directory) {
        record(site, new Artifact(Artifact.Kind.TEMPORARY_DIRECTORY, directory.path(), null,
                directory.delete() ? "" : "delete=false", site));
    }

    /**
     * Opens a scope for a test or class.
     *
     * @param name what it stands for
     * @param root the configured temp root, or {@code null}
     * @return the new scope
     */
    public static Scope openScope(String name, Path root) {
        SCOPES_OPENED.incrementAndGet();
        return new Scope(name, root);
    }

    /** Returns how many scopes were ever opened in this JVM: tells a listener whether tests used the library. */
    public static int scopesOpened() {
        return SCOPES_OPENED.get();
    }

    /**
     * Starts recording artifacts created outside any test, for one listener.
     *
     * @return the run, to read and close
     */
    public static Run openRun() {
        var run = new Run();
        ACTIVE_RUNS.add(run);
        return run;
    }

    /**
     * Stops recording for {@code run} and hands back its leaks that no other run still listening
     * holds: nobody else will report or remove those.
     *
     * @param run the run to close
     * @return the leaks the caller should remove
     */
    public static List<Artifact> closeRun(Run run) {
        ACTIVE_RUNS.remove(run);
        List<Artifact> leaks = run.leaks();
        leaks.removeIf(artifact -> ACTIVE_RUNS.stream().anyMatch(other -> other.holds(artifact)));
        return leaks;
    }
}
