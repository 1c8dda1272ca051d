package dev.asynctemp.internal;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assertions.assertTimeoutPreemptively;

import dev.asynctemp.OpenDescriptors;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardWatchEventKinds;
import java.nio.file.WatchEvent;
import java.nio.file.WatchKey;
import java.nio.file.WatchService;
import java.nio.file.attribute.PosixFilePermissions;
import java.nio.file.attribute.UserPrincipal;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The foreign-leak watch and its private-root check, in this JVM, on roots of their own: each case
 * decided once, whatever the JVM's own watch (the foreign-leak suites' JVM has one) is doing. The
 * engine-level suites ({@code ForeignLeakTests}, {@code ForeignRootTests}) show the same rules
 * through JUnit.
 */
@DisplayName("Foreign-leak watch: what appears in a private root, and whose it is for certain")
class ForeignWatchTests {

    static final Duration BOUND = Duration.ofSeconds(30);

    @TempDir
    Path parent;

    Path root;

    private final List<Thread> started = new java.util.ArrayList<>();
    private final CountDownLatch release = new CountDownLatch(1);

    @BeforeEach
    void makeRoot() throws IOException {
        root = Files.createDirectory(parent.resolve("root"), PosixFilePermissions.asFileAttribute(
                PosixFilePermissions.fromString("rwx------"))).toRealPath();
        me = Files.getOwner(root);
    }

    @AfterEach
    void endThreads() throws InterruptedException {
        release.countDown();
        for (Thread thread : started) {
            thread.join(30_000);
        }
    }

    private UserPrincipal me;

    /** Who this JVM creates files as: the owner of the root it just made. */
    UserPrincipal me() {
        return me;
    }

    PrivateRoot.Verdict check(Path declared) throws IOException {
        return PrivateRoot.check(declared, root, null, me());
    }

    /** A thread that lives until the test ends. */
    Thread stray(String name) {
        var thread = new Thread(() -> {
            try {
                release.await(60, TimeUnit.SECONDS);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        }, name);
        started.add(thread);
        thread.start();
        return thread;
    }

    @Nested
    @DisplayName("the private-root check")
    class Check {

        @Test
        @DisplayName("a root of this user's, 0700, that the JDK really uses and nobody holds, is private and locked")
        void privateRoot() throws IOException {
            PrivateRoot.Verdict verdict = check(root);
            try {
                assertThat(verdict.refusal()).isEmpty();
                assertThat(verdict.isPrivate()).isTrue();
                assertThat(verdict.root()).isEqualTo(root);
                assertThat(verdict.lock().isValid()).isTrue();
                assertThat(root.resolve(PrivateRoot.JVM_MARKER + ProcessHandle.current().pid())).exists();
                // The same root again, from this JVM: the lock is held, and the refusal keeps no handle open.
                List<String> handles = OpenDescriptors.under(root);
                PrivateRoot.Verdict again = check(root);
                assertThat(OpenDescriptors.under(root)).isEqualTo(handles);
                assertThat(again.isPrivate()).isFalse();
                assertThat(again.lock()).isNull();
                assertThat(again.refusal()).isEqualTo(root + " is already watched by another class loader of this JVM");
            } finally {
                verdict.lock().channel().close();
            }
        }

        @Test
        @DisplayName("a link to the root is judged as the root it leads to")
        void declaredThroughALink() throws IOException {
            Path link = Files.createSymbolicLink(parent.resolve("link"), root);
            PrivateRoot.Verdict verdict = check(link);
            try {
                assertThat(verdict.isPrivate()).as(verdict.refusal()).isTrue();
                assertThat(verdict.root()).isEqualTo(root);
            } finally {
                verdict.lock().channel().close();
            }
        }

        @Test
        @DisplayName("refused, naming why: the JDK uses another directory, the system's or the environment's temp, "
                + "another owner, permissions open to others")
        void refusals() throws IOException {
            Path other = Files.createDirectory(parent.resolve("other")).toRealPath();
            assertThat(PrivateRoot.check(root, other, null, me()).refusal()).isEqualTo("java.io.tmpdir says " + root
                    + ", but the JDK creates temporary files in " + other + ": it keeps the value it read at "
                    + "start-up, so set it on the command line");
            Path systemTemp = Path.of("/tmp").toRealPath();
            assertThat(PrivateRoot.check(systemTemp, systemTemp, null, me()).refusal())
                    .isEqualTo(systemTemp + " is the system's shared temp directory");
            assertThat(PrivateRoot.check(root, root, root, me()).refusal())
                    .isEqualTo(root + " is the system's shared temp directory");
            var users = root.getFileSystem().getUserPrincipalLookupService();
            UserPrincipal someoneElse = users.lookupPrincipalByName(me().getName().equals("root") ? "nobody" : "root");
            assertThat(PrivateRoot.check(root, root, null, someoneElse).refusal())
                    .isEqualTo(root + " belongs to " + me().getName() + ", not to this user");
            Files.setPosixFilePermissions(root, PosixFilePermissions.fromString("rwxr-x---"));
            PrivateRoot.Verdict open = check(root);
            assertThat(open.refusal()).isEqualTo(root + " is open to others (rwxr-x---); a private root is 0700 "
                    + "(chmod 700 " + root + ")");
            assertThat(open.isPrivate()).isFalse();
            // None of them took the root: a private check still can.
            Files.setPosixFilePermissions(root, PosixFilePermissions.fromString("rwx------"));
            PrivateRoot.Verdict verdict = check(root);
            assertThat(verdict.isPrivate()).isTrue();
            verdict.lock().channel().close();
        }

        @Test
        @DisplayName("a root that does not exist yet is created owner-only, with its parents; one that exists is left alone")
        void ensureExists() throws IOException {
            Path fresh = parent.resolve("a/b/tmp-1");
            PrivateRoot.ensureExists(fresh);
            assertThat(fresh).isDirectory();
            assertThat(PosixFilePermissions.toString(Files.getPosixFilePermissions(fresh))).isEqualTo("rwx------");
            Files.setPosixFilePermissions(fresh, PosixFilePermissions.fromString("rwxr-x---"));
            Files.writeString(fresh.resolve("kept"), "x");
            PrivateRoot.ensureExists(fresh);
            assertThat(PosixFilePermissions.toString(Files.getPosixFilePermissions(fresh))).isEqualTo("rwxr-x---");
            assertThat(fresh.resolve("kept")).hasContent("x");
        }

        @Test
        @DisplayName("a watch starts only on a private root; a refused one says why")
        void begin() throws IOException {
            Path other = Files.createDirectory(parent.resolve("other")).toRealPath();
            var refused = ForeignWatch.begin(PrivateRoot.check(root, other, null, me()), root, ThreadCensus.asOfNow());
            assertThat(refused).isInstanceOfSatisfying(ForeignWatch.Refused.class, r -> {
                assertThat(r.root()).isEqualTo(root);
                assertThat(r.reason()).contains("the JDK creates temporary files in " + other);
            });
            var watching = ForeignWatch.begin(check(root), root, ThreadCensus.asOfNow());
            assertThat(watching).isInstanceOfSatisfying(ForeignWatch.Watching.class, w -> {
                assertThat(w.watch().root()).isEqualTo(root);
                assertThat(w.watch().sharedWith()).isEmpty();
            });
            ((ForeignWatch.Watching) watching).watch().stop();
        }

        @Test
        @DisplayName("this JVM's own root passes every check, and is then held by this JVM's watch")
        void thisJvmsRoot() throws IOException {
            ForeignWatch.Status status = ForeignWatch.start();
            assertThat(status).as("the build gives this JVM a private root").isInstanceOf(ForeignWatch.Watching.class);
            Path own = ((ForeignWatch.Watching) status).watch().root();
            PrivateRoot.Verdict verdict = PrivateRoot.check();
            assertThat(verdict.refusal()).isEqualTo(own + " is already watched by another class loader of this JVM");
            // Its probes of where the JDK creates files are gone again.
            try (var entries = Files.list(own)) {
                assertThat(entries.map(p -> p.getFileName().toString())).noneMatch(n -> n.contains("probe-"));
            }
        }

        @Test
        @DisplayName("the environment's temp directory (TMPDIR): its real path, or none if unset, blank or missing")
        void environmentTemp() throws IOException {
            Path link = Files.createSymbolicLink(parent.resolve("env-link"), root);
            assertThat(PrivateRoot.environmentTemp(link.toString())).isEqualTo(root);
            assertThat(PrivateRoot.environmentTemp(null)).isNull();
            assertThat(PrivateRoot.environmentTemp(" ")).isNull();
            assertThat(PrivateRoot.environmentTemp(parent.resolve("missing").toString())).isNull();
        }

        @Test
        @DisplayName("before the tests: the root java.io.tmpdir names is created, and the threads alive are noted")
        void beforeTests() throws IOException {
            Path fresh = parent.resolve("build/tmp-7");
            String declared = System.getProperty("java.io.tmpdir");
            try {
                // The JDK keeps the value it read at start-up; only asynctemp reads it again.
                System.setProperty("java.io.tmpdir", fresh.toString());
                ForeignWatch.beforeTests();
            } finally {
                System.setProperty("java.io.tmpdir", declared);
            }
            assertThat(fresh).isDirectory();
            assertThat(PosixFilePermissions.toString(Files.getPosixFilePermissions(fresh))).isEqualTo("rwx------");
            stray("after-the-note");
            assertThat(new ThreadCensus().strays(Thread.currentThread())).contains("after-the-note");
        }

        @Test
        @DisplayName("the JVM's own watch starts once: every later call gives the first outcome")
        void startOnce() {
            ForeignWatch.Status first = ForeignWatch.start();
            assertThat(first).isNotNull().isSameAs(ForeignWatch.start());
            assertThat(ForeignWatch.active().isPresent()).isEqualTo(first instanceof ForeignWatch.Watching);
        }
    }

    @Nested
    @DisplayName("windows and verdicts")
    class Windows {

        ForeignWatch watch;
        ThreadCensus census;

        @BeforeEach
        void watch() throws IOException {
            census = ThreadCensus.asOfNow();
            watch = ((ForeignWatch.Watching) ForeignWatch.begin(check(root), root, census)).watch();
        }

        /** Stops the watch and starts another on the same root, declared as {@code declared}. */
        void rewatch(Path declared, ThreadCensus known) throws IOException {
            watch.stop();
            watch = ((ForeignWatch.Watching) ForeignWatch.begin(check(root), declared, known)).watch();
        }

        @AfterEach
        void stop() throws IOException {
            watch.stop();
        }

        List<String> names(List<ForeignWatch.Appearance> appearances) {
            return appearances.stream().map(ForeignWatch.Appearance::name).sorted().toList();
        }

        @Test
        @DisplayName("what appears while one test runs and is still there is pinned on it; what it removes is not")
        void pinned() throws IOException {
            Files.createFile(root.resolve("before"));
            var window = watch.open("t", "test t", BOUND);
            Files.createFile(root.resolve("left"));
            Path dir = Files.createDirectory(root.resolve("dir"));
            Files.writeString(dir.resolve("inside"), "x");
            Files.delete(Files.createFile(root.resolve("removed")));
            List<ForeignWatch.Appearance> found = watch.close(window, BOUND);
            assertThat(Thread.currentThread().isInterrupted()).as("interrupted by the watch").isFalse();
            assertThat(names(found)).containsExactly("dir", "left");
            assertThat(found).allSatisfy(a -> {
                assertThat(a.certain()).isTrue();
                assertThat(a.doubt()).isEmpty();
                assertThat(a.candidates()).containsExactly("test t");
                assertThat(a.path()).isEqualTo(root.resolve(a.name()));
            });
            assertThat(window).hasToString("test t");
            // Pinned, so forgotten: the run level never reports it again.
            assertThat(watch.unclaimed(0, BOUND)).extracting(ForeignWatch.Appearance::name).containsExactly("before");
        }

        @Test
        @DisplayName("a class's window encloses its tests': pinned on the test, or on the class between tests")
        void enclosing() throws IOException {
            var type = watch.open("c", "class C", BOUND);
            var test = watch.open("c/t", "test t", BOUND);
            Files.createFile(root.resolve("by-test"));
            assertThat(watch.close(test, BOUND)).singleElement().satisfies(a -> {
                assertThat(a.name()).isEqualTo("by-test");
                assertThat(a.certain()).isTrue();
            });
            Files.createFile(root.resolve("by-class"));
            assertThat(watch.close(type, BOUND)).singleElement().satisfies(a -> {
                assertThat(a.name()).isEqualTo("by-class");
                assertThat(a.candidates()).containsExactly("class C");
            });
        }

        @Test
        @DisplayName("what appears while two tests run is neither's: the run level names both, once")
        void twoTests() throws IOException {
            long since = watch.epoch(BOUND);
            var first = watch.open("c/a", "test a", BOUND);
            var second = watch.open("c/b", "test b", BOUND);
            Files.createFile(root.resolve("shared"));
            assertThat(watch.close(first, BOUND)).isEmpty();
            assertThat(watch.close(second, BOUND)).isEmpty();
            assertThat(watch.unclaimed(since, BOUND)).singleElement().satisfies(a -> {
                assertThat(a.name()).isEqualTo("shared");
                assertThat(a.certain()).isFalse();
                assertThat(a.doubt()).isEqualTo("appeared while other tests ran too");
                assertThat(a.candidates()).containsExactlyInAnyOrder("test a", "test b");
            });
            assertThat(watch.unclaimed(since, BOUND)).isEmpty();
        }

        @Test
        @DisplayName("the run level asks only for what appeared after its start, and says when no test ran")
        void unclaimedSince() throws IOException {
            Files.createFile(root.resolve("earlier"));
            long since = watch.epoch(BOUND);
            Files.createFile(root.resolve("later"));
            Files.delete(Files.createFile(root.resolve("gone")));
            assertThat(watch.unclaimed(since, BOUND)).singleElement().satisfies(a -> {
                assertThat(a.name()).isEqualTo("later");
                assertThat(a.candidates()).isEmpty();
                assertThat(a.doubt()).isEqualTo("appeared while no test ran");
            });
            assertThat(names(watch.unclaimed(0, BOUND))).containsExactly("earlier");
        }

        @Test
        @DisplayName("a class closed while one of its tests is still open pins nothing on the class")
        void classClosedFirst() throws IOException {
            long since = watch.epoch(BOUND);
            var type = watch.open("c", "class C", BOUND);
            var test = watch.open("c/t", "test t", BOUND);
            Files.createFile(root.resolve("x"));
            assertThat(watch.close(type, BOUND)).isEmpty();
            assertThat(watch.close(test, BOUND)).isEmpty();
            assertThat(watch.unclaimed(since, BOUND)).singleElement().satisfies(a -> assertThat(a.doubt())
                    .isEqualTo("appeared while one of its tests ran, whose own verdict could not be sure"));
        }

        @Test
        @DisplayName("a thread alive when the window opens, or when it closes, may have made it")
        void strays() throws IOException, InterruptedException {
            long since = watch.epoch(BOUND);
            var first = watch.open("a", "test a", BOUND);
            stray("late");
            Files.createFile(root.resolve("one"));
            assertThat(watch.close(first, BOUND)).isEmpty();
            // Other threads may start meanwhile (a JDK pool, say); these checks do not depend on it.
            assertThat(watch.unclaimed(since, BOUND)).singleElement().satisfies(a -> assertThat(a.doubt())
                    .startsWith("other threads were running that may have made it: ").contains("late"));

            rewatch(root, ThreadCensus.asOfNow());
            var done = new CountDownLatch(1);
            var early = new Thread(() -> {
                try {
                    done.await(60, TimeUnit.SECONDS);
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                }
            }, "early");
            early.start();
            var second = watch.open("b", "test b", BOUND);
            done.countDown();
            early.join(30_000);
            Files.createFile(root.resolve("two"));
            assertThat(watch.close(second, BOUND)).isEmpty();
            assertThat(watch.unclaimed(0, BOUND)).singleElement().satisfies(a -> assertThat(a.doubt())
                    .startsWith("other threads were running that may have made it: ").contains("early")
                    .doesNotContain("late"));
        }

        @Test
        @DisplayName("another JVM's marker in the root makes every verdict uncertain from then on")
        void sharedRoot() throws IOException {
            var window = watch.open("t", "test t", BOUND);
            long other = ProcessHandle.current().pid() + 1;
            Files.createFile(root.resolve(PrivateRoot.JVM_MARKER + other));
            Files.createFile(root.resolve("x"));
            assertThat(watch.close(window, BOUND)).isEmpty();
            assertThat(watch.sharedWith()).isEqualTo("another JVM (" + other + ")");
            assertThat(watch.unclaimed(0, BOUND)).singleElement().satisfies(a -> assertThat(a.doubt())
                    .isEqualTo("the temp root is shared with another JVM (" + other + ")"));
        }

        @Test
        @DisplayName("this JVM's own marker and asynctemp's own names are never foreign")
        void ownNames() throws IOException {
            var window = watch.open("t", "test t", BOUND);
            Files.delete(root.resolve(PrivateRoot.JVM_MARKER + ProcessHandle.current().pid()));
            Files.createFile(root.resolve(PrivateRoot.JVM_MARKER + ProcessHandle.current().pid()));
            Files.createFile(root.resolve(PrivateRoot.OWN_PREFIX + "anything"));
            assertThat(watch.close(window, BOUND)).isEmpty();
            assertThat(watch.sharedWith()).isEmpty();
            assertThat(watch.unclaimed(0, BOUND)).isEmpty();
        }

        @Test
        @DisplayName("an excluded path (asynctemp's, JUnit's) is never foreign, by the root's real or declared "
                + "name; a path deeper down is not excluded, and a name used again after removal is judged again")
        void excluded() throws IOException {
            Path link = Files.createSymbolicLink(parent.resolve("declared"), root);
            rewatch(link, census);
            var window = watch.open("t", "test t", BOUND);
            watch.exclude(root.resolve("mine"));
            watch.exclude(link.resolve("declared-mine"));
            watch.exclude(root.resolve("sub/deeper"));
            Files.createFile(root.resolve("mine"));
            Files.createFile(root.resolve("declared-mine"));
            Files.createFile(root.resolve("deeper"));
            assertThat(names(watch.close(window, BOUND))).containsExactly("deeper");
            var next = watch.open("u", "test u", BOUND);
            Files.delete(root.resolve("mine"));
            Files.createFile(root.resolve("mine"));
            assertThat(names(watch.close(next, BOUND))).containsExactly("mine");
        }

        @Test
        @DisplayName("excluded after it appeared: forgotten at once")
        void excludedLate() throws IOException {
            var window = watch.open("t", "test t", BOUND);
            Files.createFile(root.resolve("made-then-owned"));
            watch.epoch(BOUND);
            watch.exclude(root.resolve("made-then-owned"));
            assertThat(watch.close(window, BOUND)).isEmpty();
            assertThat(watch.unclaimed(0, BOUND)).isEmpty();
        }

        @Test
        @DisplayName("a fence whose event does not come in time: the root is listed once, and what is new is uncertain")
        void fenceTimesOut() throws IOException {
            Files.createFile(root.resolve("before"));
            List<ForeignWatch.Appearance> found;
            // Holding the watch keeps its thread from applying the fences' events before the bound.
            synchronized (watch) {
                var window = watch.open("t", "test t", Duration.ZERO);
                Files.createFile(root.resolve("during"));
                Files.delete(root.resolve("before"));
                found = watch.close(window, Duration.ZERO);
            }
            assertThat(Thread.currentThread().isInterrupted()).as("interrupted by the watch").isFalse();
            assertThat(found).isEmpty();
            assertThat(watch.unclaimed(0, BOUND)).singleElement().satisfies(a -> {
                assertThat(a.name()).isEqualTo("during");
                assertThat(a.doubt()).isEqualTo("events were lost (a fence's event did not come within 0 ms), so "
                        + "when it appeared is not known exactly");
                assertThat(a.candidates()).containsExactly("test t");
            });
        }

        @Test
        @DisplayName("a fence that catches up releases the fences other threads wait in, at once, each window opened")
        void catchUpReleasesOtherFences() throws Exception {
            for (int attempt = 0; attempt < 1_000; attempt++) {
                var opened = new java.util.concurrent.CompletableFuture<ForeignWatch.Window>();
                // Its bound is far longer than the test may take: only the catch-up can release it.
                var other = new Thread(() -> {
                    try {
                        opened.complete(watch.open("b", "test b", Duration.ofMinutes(10)));
                    } catch (RuntimeException | Error e) {
                        opened.completeExceptionally(e);
                    }
                }, "b");
                other.setDaemon(true);
                other.start();
                while (watch.fencesWaiting() == 0 && !opened.isDone()) {
                    Thread.onSpinWait();
                }
                ForeignWatch.Window mine = null;
                // Holding the watch keeps the other fence's event from being applied; this fence's
                // bound of zero makes it catch up while the other waits.
                synchronized (watch) {
                    if (watch.fencesWaiting() == 1 && !opened.isDone()) {
                        // Blocked on the watch: the other fence made its marker and now waits to take
                        // its event, which the catch-up's new registration will never bring.
                        long until = System.nanoTime() + TimeUnit.SECONDS.toNanos(10);
                        while (other.getState() != Thread.State.BLOCKED && System.nanoTime() < until) {
                            Thread.onSpinWait();
                        }
                        mine = watch.open("a", "test a", Duration.ZERO);
                        assertThat(watch.fencesWaiting()).as("fences still waiting after the catch-up").isZero();
                    }
                }
                ForeignWatch.Window theirs = assertTimeoutPreemptively(Duration.ofSeconds(60), () -> opened.get());
                other.join();
                if (mine == null) {
                    // The other fence's event came first: no fence waited while this one caught up. Again.
                    watch.close(theirs, BOUND);
                    continue;
                }
                Files.createFile(root.resolve("while-both"));
                watch.close(mine, BOUND);
                watch.close(theirs, BOUND);
                assertThat(watch.unclaimed(0, BOUND)).singleElement().satisfies(a -> {
                    assertThat(a.name()).isEqualTo("while-both");
                    assertThat(a.candidates()).containsExactlyInAnyOrder("test a", "test b");
                });
                return;
            }
            throw new AssertionError("no fence ever waited while another caught up, in 1,000 attempts");
        }

        @Test
        @DisplayName("code that changes every entry of the root (times, permissions, content) moves no window: what "
                + "it makes before a test's window opens is not that test's")
        void everyEntryChanged() throws IOException {
            watch.close(watch.open("warm-up", "warm-up", BOUND), BOUND);
            for (Path entry : entries()) {
                Files.setLastModifiedTime(entry, java.nio.file.attribute.FileTime.fromMillis(0));
                Files.setPosixFilePermissions(entry, PosixFilePermissions.fromString("rw-------"));
                if (!entry.getFileName().toString().endsWith("root.lock")) {
                    Files.writeString(entry, "x", java.nio.file.StandardOpenOption.APPEND);
                }
            }
            Files.createFile(root.resolve("before-window"));
            var window = watch.open("t", "test t", BOUND);
            Files.createFile(root.resolve("during"));
            assertThat(watch.close(window, BOUND)).singleElement().satisfies(a -> {
                assertThat(a.name()).isEqualTo("during");
                assertThat(a.certain()).isTrue();
            });
            assertThat(watch.unclaimed(0, BOUND)).singleElement().satisfies(a -> {
                assertThat(a.name()).isEqualTo("before-window");
                assertThat(a.doubt()).isEqualTo("appeared while no test ran");
            });
        }

        @Test
        @DisplayName("a thread interrupted (a test's timeout) waits for the fence as usual, and stays interrupted")
        void interrupted() throws IOException {
            var window = watch.open("t", "test t", BOUND);
            Files.createFile(root.resolve("made"));
            var outcome = assertTimeoutPreemptively(Duration.ofSeconds(60), () -> {
                Thread.currentThread().interrupt();
                List<ForeignWatch.Appearance> found;
                // Holding the watch keeps its thread from applying the fence's event before this one
                // waits for it: the wait sees the interrupt.
                synchronized (watch) {
                    found = watch.close(window, Duration.ofHours(1));
                }
                return Map.entry(found, Thread.interrupted());
            });
            assertThat(outcome.getValue()).as("still interrupted").isTrue();
            assertThat(outcome.getKey()).singleElement().satisfies(a -> {
                assertThat(a.name()).isEqualTo("made");
                assertThat(a.certain()).isTrue();
            });
        }

        @Test
        @DisplayName("the root replaced while watched (its lock file still open, so the kernel keeps watching the "
                + "old directory): the next fence notices at once, and what the new root holds is uncertain")
        void rootReplaced() throws IOException {
            var window = watch.open("t", "test t", BOUND);
            removeRoot();
            makeRootAgain();
            Files.createFile(root.resolve("in-the-new-root"));
            List<ForeignWatch.Appearance> found = assertTimeoutPreemptively(
                    Duration.ofSeconds(60), () -> watch.close(window, Duration.ofHours(1)));
            assertThat(found).isEmpty();
            assertThat(watch.unclaimed(0, BOUND)).singleElement().satisfies(a -> {
                assertThat(a.name()).isEqualTo("in-the-new-root");
                assertThat(a.doubt()).isEqualTo("events were lost (a fence could not be set: the root was replaced by "
                        + "another directory), so when it appeared is not known exactly");
            });
            var next = watch.open("u", "test u", BOUND);
            Files.createFile(root.resolve("after"));
            assertThat(watch.close(next, BOUND)).singleElement().satisfies(a -> assertThat(a.certain()).isTrue());
        }

        @Test
        @DisplayName("the root removed while watched: the next fence does not wait for an event that cannot come")
        void rootRemoved() throws IOException {
            var window = watch.open("t", "test t", BOUND);
            Files.createFile(root.resolve("inside"));
            removeRoot();
            List<ForeignWatch.Appearance> found = assertTimeoutPreemptively(
                    Duration.ofSeconds(60), () -> watch.close(window, Duration.ofHours(1)));
            assertThat(found).isEmpty();
            // Made again, it is watched again, and the closed window is closed: no doubt for the next.
            makeRootAgain();
            var next = assertTimeoutPreemptively(Duration.ofSeconds(60),
                    () -> watch.open("u", "test u", Duration.ofHours(1)));
            Files.createFile(root.resolve("again"));
            assertThat(watch.close(next, BOUND)).singleElement().satisfies(a -> {
                assertThat(a.name()).isEqualTo("again");
                assertThat(a.doubt()).isEmpty();
            });
        }

        @Test
        @DisplayName("the kernel's event queue overflows: caught up by one listing, every new entry uncertain, none lost")
        void overflow() throws IOException {
            // More than the JDK keeps per key (512 events) before it reports an overflow, whether
            // its thread reads the kernel's queue (16,384 events by default) as they come or late.
            int count = 2_000;
            var window = watch.open("t", "test t", BOUND);
            // Holding the watch keeps its thread from applying events as they come, as a thread that
            // falls behind (a saturated machine) would.
            synchronized (watch) {
                for (int i = 0; i < count; i++) {
                    Files.createFile(root.resolve("f" + i));
                }
            }
            // The events the kernel kept, before the overflow, are exact: those files are the test's.
            List<ForeignWatch.Appearance> pinned = watch.close(window, BOUND);
            List<ForeignWatch.Appearance> lost = watch.unclaimed(0, BOUND);
            assertThat(pinned.size() + lost.size()).as("pinned %d, lost %d", pinned.size(), lost.size()).isEqualTo(count);
            assertThat(pinned).hasSizeLessThan(count).allSatisfy(a -> assertThat(a.certain()).isTrue());
            assertThat(lost).isNotEmpty().allSatisfy(a -> {
                assertThat(a.doubt()).isEqualTo("events were lost (the kernel's event queue overflowed), so when "
                        + "it appeared is not known exactly");
                assertThat(a.candidates()).containsExactly("test t");
            });
            int lastPinned = pinned.stream().mapToInt(a -> Integer.parseInt(a.name().substring(1))).max().orElse(-1);
            assertThat(lost).allSatisfy(a -> assertThat(Integer.parseInt(a.name().substring(1))).isGreaterThan(lastPinned));
            // After catching up, events are followed again, exactly.
            var next = watch.open("u", "test u", BOUND);
            Files.createFile(root.resolve("after"));
            assertThat(names(watch.close(next, BOUND))).containsExactly("after");
        }

        @Test
        @DisplayName("the thread that applies the watch's events is a daemon, known to the census, and ends with the "
                + "watch")
        void drainer() throws IOException {
            List<Thread> drainers = Thread.getAllStackTraces().keySet().stream()
                    .filter(thread -> thread.getName().equals(ForeignWatch.DRAINER)).toList();
            assertThat(drainers).isNotEmpty().allSatisfy(thread -> assertThat(thread.isDaemon()).isTrue());
            assertThat(census.strays(Thread.currentThread())).doesNotContain(ForeignWatch.DRAINER);
            long before = drainers.stream().filter(Thread::isAlive).count();
            watch.stop();
            assertThat(drainers.stream().filter(Thread::isAlive).count()).isEqualTo(before - 1);
            watch = ((ForeignWatch.Watching) ForeignWatch.begin(check(root), root, census)).watch();
        }

        @Test
        @DisplayName("a test that makes more entries than the JDK keeps per directory (512 events): applied between "
                + "fences, every one pinned, no overflow")
        void manyEntriesInOneTest() throws IOException {
            int count = 600;
            var window = watch.open("t", "test t", BOUND);
            for (int i = 0; i < count; i++) {
                long applied = watch.appearancesApplied();
                Files.createFile(root.resolve("f" + i));
                // No fence in between: only the watch's own thread can apply the event. Polled on this
                // thread: another would be a stray, and the verdict would pin nothing.
                org.awaitility.Awaitility.await().pollInSameThread().pollInterval(Duration.ofMillis(1)).atMost(BOUND)
                        .until(() -> watch.appearancesApplied() > applied);
            }
            List<ForeignWatch.Appearance> found = watch.close(window, BOUND);
            assertThat(found).hasSize(count).allSatisfy(a -> {
                assertThat(a.certain()).isTrue();
                assertThat(a.doubt()).isEmpty();
            });
            assertThat(watch.unclaimed(0, BOUND)).isEmpty();
        }

        @Test
        @DisplayName("a file written to after it appeared is still there: its modifications are not its removal")
        void writtenAfterItAppeared() throws IOException {
            var window = watch.open("t", "test t", BOUND);
            Path written = Files.createFile(root.resolve("written"));
            for (int i = 0; i < 3; i++) {
                Files.writeString(written, "line " + i + "\n", java.nio.file.StandardOpenOption.APPEND);
                Files.setLastModifiedTime(written, java.nio.file.attribute.FileTime.fromMillis(i));
            }
            assertThat(watch.close(window, BOUND)).singleElement().satisfies(a -> {
                assertThat(a.name()).isEqualTo("written");
                assertThat(a.certain()).isTrue();
            });
        }

        @Test
        @DisplayName("a fence's marker is a hard link to one source file (no new inode), and two names serve fences "
                + "that follow one another")
        void markersAreLinksFromAPool() throws IOException, InterruptedException {
            watch.close(watch.open("warm-up", "warm-up", BOUND), BOUND);
            Path source = root.resolve(PrivateRoot.OWN_PREFIX + "marker");
            Object changedBefore = Files.getAttribute(source, "unix:ctime");
            Set<String> names = new TreeSet<>();
            try (WatchService seen = root.getFileSystem().newWatchService()) {
                root.register(seen, StandardWatchEventKinds.ENTRY_CREATE, StandardWatchEventKinds.ENTRY_DELETE);
                // The inode's change time is read from a coarse clock: let it move on before the links.
                Thread.sleep(50);
                for (int i = 0; i < 20; i++) {
                    watch.close(watch.open("t" + i, "test " + i, BOUND), BOUND);
                }
                Files.createFile(root.resolve("last"));
                boolean last = false;
                while (!last) {
                    WatchKey key = seen.poll(BOUND.toMillis(), TimeUnit.MILLISECONDS);
                    assertThat(key).as("the test's own watch saw the root's events").isNotNull();
                    for (WatchEvent<?> event : key.pollEvents()) {
                        String name = String.valueOf(event.context());
                        last |= name.equals("last");
                        if (name.startsWith(PrivateRoot.OWN_PREFIX)) {
                            names.add(name);
                        }
                    }
                    key.reset();
                }
            }
            assertThat(names).as("names of 40 fences").hasSizeBetween(1, 2)
                    .allSatisfy(name -> assertThat(name).startsWith(PrivateRoot.OWN_PREFIX + "fence-"));
            assertThat(Files.getAttribute(source, "unix:ctime")).as("linked to since").isNotEqualTo(changedBefore);
            assertThat(Files.getAttribute(source, "unix:nlink")).as("links left").isEqualTo(1);
        }

        @Test
        @DisplayName("a file that takes a marker's name: the fence cannot be set, the root is listed once (what is new "
                + "then is uncertain), and the windows stay exact")
        void markerNameTaken() throws IOException {
            ForeignWatch.Window window;
            // Holding the watch keeps its thread from applying the first file's event before the listing.
            synchronized (watch) {
                Files.createFile(root.resolve("before"));
                Files.createFile(root.resolve(PrivateRoot.OWN_PREFIX + "fence-1"));
                window = watch.open("t", "test t", BOUND);
            }
            assertThat(Thread.currentThread().isInterrupted()).as("interrupted by the watch").isFalse();
            Files.createFile(root.resolve("during"));
            assertThat(watch.close(window, BOUND)).singleElement().satisfies(a -> {
                assertThat(a.name()).isEqualTo("during");
                assertThat(a.doubt()).isEmpty();
            });
            assertThat(watch.unclaimed(0, BOUND)).singleElement().satisfies(a -> {
                assertThat(a.name()).isEqualTo("before");
                assertThat(a.doubt()).startsWith("events were lost (a fence could not be set: ");
            });
            var next = watch.open("u", "test u", BOUND);
            Files.createFile(root.resolve("after"));
            assertThat(watch.close(next, BOUND)).singleElement().satisfies(a -> {
                assertThat(a.name()).isEqualTo("after");
                assertThat(a.doubt()).isEmpty();
            });
        }

        List<Path> markers() throws IOException {
            return entries().stream().filter(p -> p.getFileName().toString().startsWith(PrivateRoot.OWN_PREFIX
                    + "fence-")).toList();
        }

        /** What the root holds now. */
        List<Path> entries() throws IOException {
            try (var entries = Files.list(root)) {
                return entries.toList();
            }
        }

        /** Makes the root again where {@link #removeRoot} removed it: a new directory, owner-only as before. */
        void makeRootAgain() throws IOException {
            Files.createDirectory(root, PosixFilePermissions.asFileAttribute(PosixFilePermissions.fromString("rwx------")));
        }

        /** Removes the root and all it holds, as code under test might; the watch's lock file stays open. */
        void removeRoot() throws IOException {
            for (Path entry : entries()) {
                Files.delete(entry);
            }
            Files.delete(root);
        }

        @Test
        @DisplayName("the code under test empties the root while a test runs: the next fence works as before, and "
                + "nothing is uncertain")
        void rootEmptied() throws IOException {
            var window = watch.open("t", "test t", BOUND);
            for (Path entry : entries()) {
                String name = entry.getFileName().toString();
                if (!name.startsWith(PrivateRoot.JVM_MARKER) && !name.equals(PrivateRoot.OWN_PREFIX + "root.lock")) {
                    Files.delete(entry);
                }
            }
            Files.createFile(root.resolve("after-emptying"));
            assertThat(watch.close(window, BOUND)).singleElement().satisfies(a -> {
                assertThat(a.name()).isEqualTo("after-emptying");
                assertThat(a.doubt()).isEmpty();
            });
            // A fence's marker lives only while the fence does; the source of its links is made again.
            assertThat(markers()).isEmpty();
            assertThat(root.resolve(PrivateRoot.OWN_PREFIX + "marker")).isRegularFile();
        }
    }

    @Nested
    @DisplayName("the thread census")
    class Census {

        @Test
        @DisplayName("the threads noted before the tests are the baseline: the first note counts, later ones do not")
        void notedBeforeTests() {
            ThreadCensus.noteThreadsBeforeTests();
            Thread late = stray("started-after-the-note");
            ThreadCensus.noteThreadsBeforeTests();
            assertThat(new ThreadCensus().strays(Thread.currentThread())).contains("started-after-the-note");
            assertThat(ThreadCensus.asOfNow().strays(Thread.currentThread())).doesNotContain(late.getName());
        }

        @Test
        @DisplayName("the thread asking, asynctemp's workers, JUnit's timeout threads and ended threads are not strays")
        void innocent() throws InterruptedException {
            var census = ThreadCensus.asOfNow();
            stray("asynctemp-worker-999");
            stray("junit-timeout-thread-9");
            Thread ended = new Thread(() -> { }, "ended");
            ended.start();
            ended.join();
            Thread other = stray("other");
            assertThat(census.strays(Thread.currentThread())).contains("other").doesNotContain(
                    "asynctemp-worker-999", "junit-timeout-thread-9", "ended", Thread.currentThread().getName());
            assertThat(census.strays(other)).doesNotContain("other");
        }
    }
}
