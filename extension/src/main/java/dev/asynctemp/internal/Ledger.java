package dev.asynctemp.internal;

import dev.asynctemp.MkstempFile;
import java.nio.file.Path;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.List;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArraySet;
import java.util.concurrent.atomic.AtomicLong;

/**
 * The book of created artifacts: who created what, where. Every creator of the library reports
 * here; the JUnit side opens scopes, asks for their leaks, and reads the run level.
 *
 * <p>Nothing is recorded (and no stack is captured) unless someone is listening: a scope is bound
 * to the calling thread, or a test run is active. A library used outside tests keeps no books.
 */
public final class Ledger {

    private static final Set<Run> ACTIVE_RUNS = new CopyOnWriteArraySet<>();
    /** Scopes opened so far in this JVM: the clock that attribution windows are measured in. */
    private static final AtomicLong OPENINGS = new AtomicLong();
    private static final Set<Scope> OPEN = ConcurrentHashMap.newKeySet();
    /**
     * Held while a scope is counted and added to {@link #OPEN}, while one moves from it to
     * {@link #RECENTLY_SEALED}, and while they are read together.
     */
    private static final Object OPENING = new Object();
    /** Scopes sealed lately, to name the candidates of an uncertain creation; bounded. */
    private static final Deque<Scope> RECENTLY_SEALED = new ArrayDeque<>();
    private static final int HISTORY = 256;
    /** Candidates named for one uncertain creation at most. */
    static final int MAX_CANDIDATES = 10;

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
        if (Scopes.current() == null && ACTIVE_RUNS.isEmpty()) {
            return null;
        }
        // The stack is kept for the report and resolved only if a leak is reported.
        return new CreationSite(new Throwable("created here"), Scopes.attributeHere());
    }

    static void record(Artifact artifact) {
        CreationSite site = artifact.site();
        Scope owner = site.attribution().owner();
        if (owner != null && owner.record(artifact)) {
            return;
        }
        if (owner != null) {
            // Pinned on a test whose verdict came first: say so rather than blame it afterwards.
            artifact.attribution(new Attribution.Uncertain(owner, "created after its test's verdict",
                    List.of(owner.displayName())));
        }
        // Outside any test, or not certainly one test's: the run level owns it, if a run listens.
        for (Run run : ACTIVE_RUNS) {
            run.add(artifact);
        }
    }

    /** Records a file from {@code mkstemp}; nothing if {@code site} is {@code null} (untracked). */
    static void mkstemp(CreationSite site, MkstempFile made) {
        if (site != null) {
            record(new Artifact(Artifact.Kind.MKSTEMP_FILE, made.path(), made.channel(), "", site));
        }
    }

    /** Records a directory from {@code mkdtemp}; nothing if {@code site} is {@code null}. */
    static void mkdtemp(CreationSite site, Path made) {
        if (site != null) {
            record(new Artifact(Artifact.Kind.MKDTEMP_DIRECTORY, made, null, "", site));
        }
    }

    /** Records a file object, whose path (if any) counts while it exists; nothing if {@code site} is {@code null}. */
    static void file(CreationSite site, Artifact.Kind kind, AsyncFile<?> file, Path path, String detail) {
        if (site != null) {
            record(new Artifact(kind, path, file, detail, site));
        }
    }

    /** Records a temporary directory; nothing if {@code site} is {@code null}. */
    static void directory(CreationSite site, Directory directory) {
        if (site != null) {
            record(new Artifact(Artifact.Kind.TEMPORARY_DIRECTORY, directory.path(), directory,
                    directory.delete() ? "" : "delete=false", site));
        }
    }

    /**
     * Opens a scope for a test or class.
     *
     * @param name a unique, hierarchical id (a JUnit unique id)
     * @param displayName what it stands for, for messages
     * @param root the configured temp root, or {@code null}
     * @return the new scope
     */
    public static Scope openScope(String name, String displayName, Path root) {
        // Counted and open in one step: a thread started meanwhile must never see the opening
        // counted without the scope open (it would take itself for the only test running).
        synchronized (OPENING) {
            var scope = new Scope(name, displayName, root, OPENINGS.incrementAndGet());
            OPEN.add(scope);
            return scope;
        }
    }

    /**
     * The ledger's clock and whether a scope other than {@code scope} and those enclosing it is
     * open, read together: the start of a thread that inherits {@code scope}.
     *
     * @param openings how many scopes had been opened
     * @param othersOpen whether another test's scope was open
     */
    record Start(long openings, boolean othersOpen) {
    }

    /** Reads the clock and the open scopes as one, against {@link #openScope}. */
    static Start startOf(Scope scope) {
        synchronized (OPENING) {
            return new Start(OPENINGS.get(), othersOpen(scope));
        }
    }

    /** Returns how many scopes were ever opened in this JVM: tells a listener whether tests used the library. */
    public static long scopesOpened() {
        return OPENINGS.get();
    }

    static long openings() {
        return OPENINGS.get();
    }

    static void sealed(Scope scope) {
        // Out of the open scopes and into the recently sealed ones in one step: a list of candidates
        // taken meanwhile must name it in one or the other.
        synchronized (OPENING) {
            if (OPEN.remove(scope)) {
                scope.sealedAt(OPENINGS.get());
                RECENTLY_SEALED.addFirst(scope);
                if (RECENTLY_SEALED.size() > HISTORY) {
                    RECENTLY_SEALED.removeLast();
                }
            }
        }
    }

    /** Tells whether a scope other than {@code scope} and those enclosing it is open now. */
    static boolean othersOpen(Scope scope) {
        for (Scope open : OPEN) {
            if (!scope.isWithin(open)) {
                return true;
            }
        }
        return false;
    }

    /**
     * Names the tests that could have run code on a thread bound to {@code scope} since
     * {@code windowStart} (a count of openings): that scope, those open now, and those sealed since.
     */
    static List<String> candidates(Scope scope, long windowStart) {
        var names = new java.util.LinkedHashSet<String>();
        names.add(scope.displayName());
        synchronized (OPENING) {
            for (Scope open : OPEN) {
                names.add(open.displayName());
            }
            for (Scope sealed : RECENTLY_SEALED) {
                if (sealed.sealedAt() < windowStart) {
                    break;
                }
                names.add(sealed.displayName());
            }
        }
        var list = new ArrayList<>(names);
        if (list.size() > MAX_CANDIDATES) {
            int more = list.size() - MAX_CANDIDATES;
            list.subList(MAX_CANDIDATES, list.size()).clear();
            list.add("and " + more + " more");
        }
        return list;
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
     * Stops recording for {@code run} and hands back its leaks: the caller reports and removes them.
     * A run opened later (a nested run) never holds what was made before it opened, so it neither
     * reports nor removes that.
     *
     * @param run the run to close
     * @return the leaks
     */
    public static List<Artifact> closeRun(Run run) {
        ACTIVE_RUNS.remove(run);
        return run.leaks();
    }
}
