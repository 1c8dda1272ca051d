package dev.asynctemp.internal;

import dev.asynctemp.MkstempFile;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * The book of created artifacts: who created what, where. Every creator of the library reports
 * here; the JUnit side opens scopes, asks for their leaks, and reads the run level.
 *
 * <p>Nothing is recorded (and no stack is captured) unless someone is listening: a scope is bound
 * to the calling thread, or a test run is active. A library used outside tests keeps no books.
 */
public final class Ledger {

    private static final AtomicInteger ACTIVE_RUNS = new AtomicInteger();
    private static final Scope RUN_LEVEL = new Scope("run level", null);
    private static final AtomicInteger SCOPES_OPENED = new AtomicInteger();

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
        if (current == null && ACTIVE_RUNS.get() == 0) {
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
        if (ACTIVE_RUNS.get() > 0) {
            RUN_LEVEL.recordAlways(artifact);
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

    /** Starts recording artifacts created outside any test, for one more listener. */
    public static void openRun() {
        synchronized (RUN_LEVEL) {
            ACTIVE_RUNS.incrementAndGet();
        }
    }

    /**
     * Stops recording for one listener. When the last one leaves, the run level is forgotten and
     * its leaks handed back, for the caller to remove: nobody else will.
     *
     * @return the run level's leaks if this was the last listener, else an empty list
     */
    public static List<Artifact> closeRun() {
        synchronized (RUN_LEVEL) {
            if (ACTIVE_RUNS.decrementAndGet() > 0) {
                return List.of();
            }
            ACTIVE_RUNS.set(0);
            List<Artifact> leaked = RUN_LEVEL.leaks();
            RUN_LEVEL.clear();
            return leaked;
        }
    }

    /**
     * Returns the artifacts created outside any test that have leaked so far.
     *
     * @return the run-level leaks
     */
    public static List<Artifact> runLevelLeaks() {
        return RUN_LEVEL.leaks();
    }

    /**
     * Forgets run-level artifacts, after reporting or removing them.
     *
     * @param artifacts the artifacts to forget
     */
    public static void forgetRunLevel(List<Artifact> artifacts) {
        RUN_LEVEL.forget(artifacts);
    }
}
