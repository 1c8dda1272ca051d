package dev.asynctemp.internal;

import java.io.IOException;
import java.nio.file.ClosedWatchServiceException;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.nio.file.StandardWatchEventKinds;
import java.nio.file.WatchEvent;
import java.nio.file.WatchKey;
import java.nio.file.WatchService;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import java.util.stream.Stream;

/**
 * Sees files and directories appear directly in this JVM's private temp root, whatever API made
 * them, and tells which test (if any, for certain) was running when each appeared. Plain Java: the
 * JUnit side opens a window per test or class and asks at its verdict.
 *
 * <p>How it knows, without timing: the JDK's {@link WatchService} (inotify on Linux) reports the
 * root's events in order; a fence waiting takes them itself, and between fences a thread of the
 * watch's own applies them every few milliseconds. Opening or closing a window creates a marker
 * file, a fence: once the marker's own event has been applied, every event before it has been, and
 * the events between two fences happened while the window was open. Cost per window: two markers
 * and the events that really happened, never a listing of the root, so it does not grow with what
 * the root holds. A marker is made and removed at once, never touched for a modification event:
 * code under test that changed every file of the root would then change a marker too, and its
 * event, taken for the fence's, could move a window. Two things keep a marker cheap in a crowded directory: it is a hard
 * link to one source file (a new entry, no new inode), and its name comes from a small pool (one
 * name made again and again stays in one block of the directory's index, where a new name each
 * time lands in a different one). A name is used again only once its removal's event has come
 * through the current registration, so no event of an earlier use can still be on its way. Names
 * starting with {@code .asynctemp-} are asynctemp's: code under test that made one of a marker's
 * names could forge a fence, as it could with any scheme that names a file.
 * Before each fence the root's identity is compared with the watched directory's, since a root
 * removed and made again is never reported while a file in the old one is open (the root's lock).
 * If events are lost (the JDK keeps 512 per directory if the thread falls behind; the kernel's
 * queue can overflow), the root is listed once to catch up, and what appeared meanwhile is judged
 * uncertain.
 *
 * <p>A file is pinned on a window (a test) only if no other test's window was open while it
 * appeared, the root is this JVM's alone (no other JVM's marker appeared), and no stray thread
 * (see {@link ThreadCensus}) was alive at the window's opening or closing.
 */
public final class ForeignWatch {

    private static final String FENCE = PrivateRoot.OWN_PREFIX + "fence-";
    /** The file every marker is a hard link to: a link is a new entry without a new inode. */
    private static final String MARKER_SOURCE = PrivateRoot.OWN_PREFIX + "marker";
    private static final String JVM_MARKER = PrivateRoot.JVM_MARKER;
    /** The name of the thread that applies a watch's events; known to {@link ThreadCensus}. */
    static final String DRAINER = "asynctemp-foreign-watch";
    /** The JVM's watch once it has started (see {@link Started}); {@code null} before. */
    private static volatile Status status;

    /** Whether this JVM's root can be watched, and if not, why not. */
    public sealed interface Status permits Watching, Refused {
    }

    /**
     * Watching the root.
     *
     * @param watch the watch
     */
    public record Watching(ForeignWatch watch) implements Status {
    }

    /**
     * Not watching: judging nothing.
     *
     * @param root the temp root
     * @param reason why it is not private, in words
     */
    public record Refused(Path root, String reason) implements Status {
    }

    /** What appeared while a window was open, and whether it is that window's for certain. */
    public record Appearance(String name, Path path, List<String> candidates, String doubt) {
        /** Tells whether it is pinned on the window it was reported for. */
        public boolean certain() {
            return doubt.isEmpty();
        }
    }

    /** A test's or class's stretch of time, between two fences. */
    public static final class Window {
        private final String name;
        private final String displayName;
        private final List<String> straysAtOpen;

        private Window(String name, String displayName, List<String> straysAtOpen) {
            this.name = name;
            this.displayName = displayName;
            this.straysAtOpen = straysAtOpen;
        }

        /** Tells whether {@code other} is this window or encloses it (a class of a test). */
        boolean isWithin(Window other) {
            return other == this || name.startsWith(other.name + "/");
        }

        @Override
        public String toString() {
            return displayName;
        }
    }

    private final Path root;
    /** The root as java.io.tmpdir spells it, which may differ from its real path by links. */
    private final Path declaredRoot;
    private final WatchService service;
    /** Held (referenced) for the JVM's lifetime: while it is, no other JVM can take the root. */
    private final java.nio.channels.FileLock lock;
    private final ThreadCensus census;
    private final AtomicLong fences = new AtomicLong();
    /** Guarded by this: the windows open now, in event order. */
    private final Set<Window> open = new LinkedHashSet<>();
    /** Guarded by this: entries that appeared and are not decided yet, by name, with the windows open then. */
    private final Map<String, Set<Window>> appeared = new LinkedHashMap<>();
    /**
     * Guarded by this: the same entries by window, so that closing a window visits only what
     * appeared while it was open, never every undecided entry of the run (those that appeared while
     * no test ran, or were uncertain, stay undecided until the run ends).
     */
    private final Map<Window, Set<String>> appearedIn = new HashMap<>();
    /** Guarded by this: why an entry is uncertain, once a window found it so. */
    private final Map<String, String> doubts = new HashMap<>();
    /** Guarded by this: names of entries asynctemp made itself, or that JUnit manages. */
    private final Set<String> excluded = new HashSet<>();
    /** Guarded by this: when each undecided entry appeared, counted in events. */
    private final Map<String, Long> epochs = new HashMap<>();
    private final AtomicLong events = new AtomicLong();
    /** Guarded by this: fence names whose events are awaited, and what to do when they arrive. */
    private final Map<String, Runnable> fenceActions = new HashMap<>();
    /** Guarded by this: marker names whose last use's events have all come; free for a fence. */
    private final java.util.Deque<String> freeMarkers = new java.util.ArrayDeque<>();
    /**
     * Guarded by this: marker names in use, from a fence's start until its removal's event comes
     * through the current registration. A name whose removal's event a catch-up dropped (with the
     * old registration's) stays here: never used again.
     */
    private final Set<String> markersInUse = new HashSet<>();
    /** Guarded by this: names seen in the root when it was last listed; for catching up after an overflow. */
    private Set<String> listed;
    /**
     * Guarded by this: the root's registration. A catch-up replaces it, so that events still queued
     * for the old one (a fence that timed out leaves them behind) are dropped, never applied a second
     * time with the windows open by then.
     */
    private WatchKey key;
    /** The identity of the directory {@link #key} watches; compared with the root's before each fence. */
    private volatile Object watchedIdentity;
    private volatile String sharedWith = "";
    /**
     * Applies the root's events between fences, so that the JDK's list of a directory's pending
     * events (512 at most, then an overflow) fills only if that many come within one period, not
     * whenever a test makes more than a few hundred entries between two fences.
     */
    private final Thread drainer;
    /**
     * Guarded by this: fences waiting now. While there are, the drainer leaves the events to them: a
     * fence's event comes to the fence's thread from the watch service directly.
     */
    private int fencing;
    /** How often the drainer applies the events that came while no fence waited, in ms. */
    static final long DRAIN_PERIOD_MS = 5;

    private ForeignWatch(Path root, Path declaredRoot, WatchService service, java.nio.channels.FileLock lock,
            ThreadCensus census) throws IOException {
        this.root = root;
        this.lock = lock;
        this.declaredRoot = declaredRoot;
        this.service = service;
        this.census = census;
        key = register();
        listed = list();
        drainer = new Thread(this::drainUntilStopped, DRAINER);
        drainer.setDaemon(true);
    }

    /**
     * Starts watching this JVM's temp root, once per JVM; later calls return the first outcome.
     *
     * @return watching, or refused with the reason
     */
    public static Status start() {
        return Started.STATUS;
    }

    /** The JVM's watch, started by the first call of {@link #start()}: the JVM runs this once. */
    private static final class Started {
        static final Status STATUS;

        static {
            STATUS = begin(PrivateRoot.check(), Path.of(System.getProperty("java.io.tmpdir", ""))
                    .toAbsolutePath().normalize(), new ThreadCensus());
            status = STATUS;
        }
    }

    /**
     * Prepares, before any test of the run starts, for a watch that may start later: creates the
     * temp root if {@code java.io.tmpdir} names one that does not exist yet, and notes the threads
     * alive now as the build's own. Silent, and cheap.
     *
     * @throws IOException if the temp root cannot be created
     */
    public static void beforeTests() throws IOException {
        ThreadCensus.noteThreadsBeforeTests();
        PrivateRoot.ensureExists();
    }

    /** Returns the watch if one runs. */
    public static Optional<ForeignWatch> active() {
        return status instanceof Watching watching ? Optional.of(watching.watch()) : Optional.empty();
    }

    /**
     * Watches the root {@code verdict} found private; refused if it was not, or if this platform's
     * watch service cannot report events in order.
     *
     * @param verdict the private-root check's outcome
     * @param declaredRoot the root as {@code java.io.tmpdir} spells it (links may lead to it)
     * @param census the threads that could make files besides the test running
     */
    static Status begin(PrivateRoot.Verdict verdict, Path declaredRoot, ThreadCensus census) {
        if (!verdict.isPrivate()) {
            return new Refused(verdict.root(), verdict.refusal());
        }
        try {
            WatchService service = verdict.root().getFileSystem().newWatchService();
            String kind = service.getClass().getName();
            if (!kind.contains("Linux") && !kind.contains("Windows")) {
                service.close();
                return new Refused(verdict.root(), "this platform's WatchService (" + kind + ") polls instead of "
                        + "reporting events in order");
            }
            ForeignWatch watch = new ForeignWatch(verdict.root(), declaredRoot, service, verdict.lock(), census);
            watch.drainer.start();
            return new Watching(watch);
        } catch (IOException | RuntimeException e) {
            return new Refused(verdict.root(), "watching it failed: " + e);
        }
    }

    /** Stops watching and lets go of the root: for a watch that is not the JVM's own, in tests. */
    void stop() throws IOException {
        service.close();
        if (lock != null) {
            lock.channel().close();
        }
        try {
            drainer.join(TimeUnit.SECONDS.toMillis(30));
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    /** Returns the watched root. */
    public Path root() {
        return root;
    }

    /** Returns why the root turned out to be shared, or empty while it is this JVM's alone. */
    public String sharedWith() {
        return sharedWith;
    }

    /**
     * Notes a path asynctemp created (or JUnit manages) directly in the root: never foreign.
     *
     * @param path a path; ignored unless directly in the root
     */
    public void exclude(Path path) {
        Path absolute = path.toAbsolutePath().normalize();
        Path parent = absolute.getParent();
        if (root.equals(parent) || declaredRoot.equals(parent)) {
            synchronized (this) {
                String name = absolute.getFileName().toString();
                excluded.add(name);
                forget(name);
            }
        }
    }

    /** Notes {@code path} as asynctemp's own if a watch runs; see {@link #exclude}. */
    static void own(Path path) {
        Status current = status;
        if (current instanceof Watching watching) {
            watching.watch().exclude(path);
        }
    }

    /**
     * Opens a window for a test or class, after every event so far.
     *
     * @param name a unique, hierarchical id: a window whose name is a prefix of another's encloses it
     * @param displayName for messages
     * @param bound how long to wait for the fence's event
     * @return the window
     */
    public Window open(String name, String displayName, Duration bound) {
        var window = new Window(name, displayName, census.strays(Thread.currentThread()));
        fence(bound, () -> open.add(window));
        return window;
    }

    /**
     * Closes {@code window} after every event so far and returns what appeared while it was open and
     * is still there; each is pinned on it only if certain. Uncertain ones stay for {@link #unclaimed}.
     *
     * @param window the window
     * @param bound how long to wait for the fence's event
     * @return what appeared and remains, with its candidates and doubt
     */
    public List<Appearance> close(Window window, Duration bound) {
        List<String> straysAtClose = census.strays(Thread.currentThread());
        fence(bound, () -> open.remove(window));
        var found = new ArrayList<Appearance>();
        synchronized (this) {
            Set<String> names = appearedIn.remove(window);
            for (String name : names == null ? Set.<String>of() : names) {
                Set<Window> windows = appeared.get(name);
                Path path = root.resolve(name);
                if (!Files.exists(path, LinkOption.NOFOLLOW_LINKS)) {
                    forget(name);
                    continue;
                }
                String doubt = doubt(window, windows, straysAtClose, name);
                if (doubt.isEmpty()) {
                    forget(name);
                    found.add(new Appearance(name, path, List.of(window.displayName), ""));
                } else {
                    doubts.putIfAbsent(name, doubt);
                }
            }
        }
        return found;
    }

    private String doubt(Window window, Set<Window> windows, List<String> straysAtClose, String name) {
        String known = doubts.get(name);
        if (known != null) {
            return known;
        }
        if (!sharedWith.isEmpty()) {
            return "the temp root is shared with " + sharedWith;
        }
        if (windows.stream().anyMatch(other -> !window.isWithin(other) && !other.isWithin(window))) {
            return "appeared while other tests ran too";
        }
        if (windows.stream().anyMatch(other -> other != window && other.isWithin(window))) {
            return "appeared while one of its tests ran, whose own verdict could not be sure";
        }
        var strays = new LinkedHashSet<>(window.straysAtOpen);
        strays.addAll(straysAtClose);
        if (!strays.isEmpty()) {
            return "other threads were running that may have made it: " + String.join(", ", strays);
        }
        return "";
    }

    /**
     * Returns the current position in the root's event stream, so that a run can later ask only
     * for what appeared after it started.
     *
     * @param bound how long to wait for the fence's event
     * @return the count of events seen so far
     */
    public long epoch(Duration bound) {
        fence(bound, () -> { });
        return events.get();
    }

    /**
     * Returns what appeared after {@code since} and remains but was pinned on no window, with why,
     * and forgets it: for the run level.
     *
     * @param since an {@link #epoch}: older appearances are not this caller's
     * @param bound how long to wait for the fence's event
     * @return the unclaimed appearances
     */
    public List<Appearance> unclaimed(long since, Duration bound) {
        fence(bound, () -> { });
        var found = new ArrayList<Appearance>();
        synchronized (this) {
            for (Iterator<Map.Entry<String, Set<Window>>> it = appeared.entrySet().iterator(); it.hasNext(); ) {
                var entry = it.next();
                if (epochs.getOrDefault(entry.getKey(), Long.MAX_VALUE) <= since) {
                    continue;
                }
                it.remove();
                entry.getValue().forEach(window -> unindex(window, entry.getKey()));
                epochs.remove(entry.getKey());
                String recordedDoubt = doubts.remove(entry.getKey());
                Path path = root.resolve(entry.getKey());
                if (Files.exists(path, LinkOption.NOFOLLOW_LINKS)) {
                    List<String> candidates = entry.getValue().stream().map(w -> w.displayName).distinct().toList();
                    String doubt = recordedDoubt != null ? recordedDoubt : candidates.isEmpty()
                            ? "appeared while no test ran" : "appeared while more than one test could have made it";
                    found.add(new Appearance(entry.getKey(), path, candidates, doubt));
                }
            }
        }
        return found;
    }

    /**
     * Creates a marker and processes events until its own arrives; then runs {@code action}, in
     * event order. If the event does not come within {@code bound}, catches up by listing the root.
     */
    private void fence(Duration bound, Runnable action) {
        String name;
        synchronized (this) {
            name = freeMarkers.poll();
            if (name == null) {
                name = FENCE + fences.incrementAndGet();
            }
            markersInUse.add(name);
            fenceActions.put(name, action);
            fencing++;
        }
        // Waiting is not interruptible (a test's timeout may have interrupted its thread): an
        // interrupt would turn the wait into a spin until the bound. It is kept for the caller.
        boolean interrupted = Thread.interrupted();
        try {
            interrupted |= setAndAwait(name, bound);
        } finally {
            synchronized (this) {
                fencing--;
            }
        }
        if (interrupted) {
            Thread.currentThread().interrupt();
        }
    }

    /**
     * Makes fence {@code name}'s marker and takes events until its own has been applied, or catches
     * up if it cannot be made or its event does not come within {@code bound}.
     *
     * @return whether the wait was interrupted (the interrupt is cleared)
     */
    private boolean setAndAwait(String name, Duration bound) {
        try {
            if (!Objects.equals(identity(), watchedIdentity)) {
                // Removed and made again: the kernel may keep watching the old directory (a file in
                // it is still open, such as the root's lock), and no event of the new one would come.
                throw new IOException("the root was replaced by another directory");
            }
            Path marker = root.resolve(name);
            makeMarker(marker);
            Files.delete(marker);
        } catch (IOException e) {
            synchronized (this) {
                if (fenceActions.containsKey(name)) {
                    catchUp("a fence could not be set: " + e.getMessage());
                }
            }
            return false;
        }
        boolean interrupted = false;
        long deadline = System.nanoTime() + bound.toNanos();
        while (true) {
            synchronized (this) {
                if (!fenceActions.containsKey(name)) {
                    return interrupted;
                }
                if (!key.isValid()) {
                    // The root went away, or a catch-up could not watch it again: no event will come.
                    catchUp("the root is not watched any more");
                    return interrupted;
                }
            }
            long left = deadline - System.nanoTime();
            if (left <= 0) {
                synchronized (this) {
                    catchUp("a fence's event did not come within " + bound.toMillis() + " ms");
                }
                return interrupted;
            }
            interrupted |= drain(left);
        }
    }

    /**
     * Makes {@code marker} as a hard link to the marker source, or, if that fails (the source was
     * removed, say by code under test emptying the root, or the file system has no links), as a new
     * file, making the source again for the next fence. Either way one new entry, one event.
     *
     * @throws IOException if the marker cannot be made (an entry of its name exists, say)
     */
    private void makeMarker(Path marker) throws IOException {
        Path source = root.resolve(MARKER_SOURCE);
        try {
            Files.createLink(marker, source);
            return;
        } catch (IOException | UnsupportedOperationException e) {
            try {
                Files.createFile(source);
            } catch (IOException | UnsupportedOperationException again) {
                // Kept for the next fence's try; this one makes its marker as a file of its own.
            }
        }
        Files.createFile(marker);
    }

    private WatchKey register() throws IOException {
        Object before = identity();
        WatchKey registered = root.register(service, StandardWatchEventKinds.ENTRY_CREATE,
                StandardWatchEventKinds.ENTRY_DELETE);
        watchedIdentity = before;
        return registered;
    }

    /** The root directory's identity (device and inode on Linux): one stat, whatever the root holds. */
    private Object identity() throws IOException {
        return Files.readAttributes(root, java.nio.file.attribute.BasicFileAttributes.class, LinkOption.NOFOLLOW_LINKS)
                .fileKey();
    }

    /** Returns how many fences wait for their event now: for tests, which make one catch up meanwhile. */
    synchronized int fencesWaiting() {
        return fenceActions.size();
    }

    /** Returns how many entries' appearances this watch has applied so far: for tests, which await it. */
    long appearancesApplied() {
        return events.get();
    }

    /**
     * Takes events from the watch service for at most {@code nanos} and applies them in order: a
     * fence's wait.
     *
     * @return whether the wait was interrupted (the interrupt is cleared)
     */
    private boolean drain(long nanos) {
        WatchKey polled;
        try {
            polled = service.poll(Math.min(nanos, TimeUnit.MILLISECONDS.toNanos(50)), TimeUnit.NANOSECONDS);
        } catch (InterruptedException e) {
            return true;
        } catch (ClosedWatchServiceException e) {
            return false;
        }
        if (polled != null) {
            synchronized (this) {
                applyAll(polled);
            }
        }
        return false;
    }

    /**
     * The watch's own thread: every {@value #DRAIN_PERIOD_MS} ms, applies the events that came while
     * no fence waited (a fence takes them itself), until the watch service is closed. Woken by the
     * clock, not by each event: a test's own files cost it no hand-over, and the JDK's list for the
     * root (512 events) fills only if more come within one period.
     */
    private void drainUntilStopped() {
        while (true) {
            try {
                Thread.sleep(DRAIN_PERIOD_MS);
            } catch (InterruptedException e) {
                // Only closing the watch service stops the watch.
            }
            WatchKey polled;
            synchronized (this) {
                if (fencing > 0) {
                    continue;
                }
            }
            try {
                polled = service.poll();
            } catch (ClosedWatchServiceException e) {
                return;
            }
            if (polled != null) {
                synchronized (this) {
                    if (fencing > 0) {
                        // A fence began meanwhile: handed back unread (the JDK queues it again) for the fence.
                        polled.reset();
                    } else {
                        applyAll(polled);
                    }
                }
            }
        }
    }

    /** Under this: applies {@code polled}'s events in order, and readies it for more. */
    private void applyAll(WatchKey polled) {
        for (WatchEvent<?> event : polled.pollEvents()) {
            if (polled != key) {
                // A registration replaced by a catch-up (before, or by an overflow just now):
                // what it still held happened before that catch-up's listing, which has it.
                break;
            }
            apply(event);
        }
        polled.reset();
    }

    private void apply(WatchEvent<?> event) {
        if (event.kind() == StandardWatchEventKinds.OVERFLOW) {
            catchUp("the kernel's event queue overflowed");
            return;
        }
        String name = event.context().toString();
        boolean created = event.kind() == StandardWatchEventKinds.ENTRY_CREATE;
        if (created) {
            listed.add(name);
        } else {
            listed.remove(name);
            if (markersInUse.remove(name)) {
                freeMarkers.push(name);
            }
        }
        Runnable action = created ? fenceActions.remove(name) : null;
        if (action != null) {
            action.run();
            return;
        }
        if (name.startsWith(JVM_MARKER) && created && !name.equals(JVM_MARKER + ProcessHandle.current().pid())) {
            sharedWith = "another JVM (" + name.substring(JVM_MARKER.length()) + ")";
            return;
        }
        if (name.startsWith(PrivateRoot.OWN_PREFIX) || excluded.contains(name)) {
            if (!created) {
                excluded.remove(name);
            }
            return;
        }
        if (created) {
            record(name);
            epochs.put(name, events.incrementAndGet());
        } else {
            forget(name);
            doubts.remove(name);
            epochs.remove(name);
            excluded.remove(name);
        }
    }

    /**
     * After lost events: lists the root once, treats every new name as having appeared while any
     * window open now was open, with a doubt, and releases every fence waiting, in order.
     */
    private void catchUp(String why) {
        key.cancel();
        try {
            key = register();
        } catch (IOException | RuntimeException e) {
            // Not watched any more: every later fence finds the registration invalid and lists.
        }
        Set<String> now;
        try {
            now = list();
        } catch (IOException e) {
            now = new HashSet<>(listed);
        }
        for (String name : now) {
            if (!listed.contains(name) && !name.startsWith(PrivateRoot.OWN_PREFIX) && !excluded.contains(name)) {
                record(name);
                epochs.put(name, events.incrementAndGet());
                doubts.put(name, "events were lost (" + why + "), so when it appeared is not known exactly");
            }
        }
        for (String gone : new ArrayList<>(appeared.keySet())) {
            if (!now.contains(gone)) {
                forget(gone);
            }
        }
        epochs.keySet().retainAll(now);
        listed = now;
        new ArrayList<>(fenceActions.values()).forEach(Runnable::run);
        fenceActions.clear();
    }

    /** Under this: notes that {@code name} appeared while the windows open now were open. */
    private void record(String name) {
        forget(name);
        Set<Window> windows = new HashSet<>(open);
        appeared.put(name, windows);
        for (Window window : windows) {
            appearedIn.computeIfAbsent(window, w -> new LinkedHashSet<>()).add(name);
        }
    }

    /** Under this: {@code name} is decided, excluded or gone; no window will visit it again. */
    private void forget(String name) {
        Set<Window> windows = appeared.remove(name);
        if (windows != null) {
            windows.forEach(window -> unindex(window, name));
        }
    }

    private void unindex(Window window, String name) {
        Set<String> names = appearedIn.get(window);
        if (names != null) {
            names.remove(name);
        }
    }

    private Set<String> list() throws IOException {
        try (Stream<Path> entries = Files.list(root)) {
            return entries.map(p -> p.getFileName().toString()).collect(java.util.stream.Collectors.toCollection(
                    HashSet::new));
        }
    }
}
