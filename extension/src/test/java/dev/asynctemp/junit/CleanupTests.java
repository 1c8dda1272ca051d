package dev.asynctemp.junit;

import static dev.asynctemp.junit.Kit.see;
import static org.assertj.core.api.Assertions.assertThat;

import dev.asynctemp.CleanupException;
import dev.asynctemp.NamedTemporaryFile;
import dev.asynctemp.TemporaryDirectory;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.stream.Stream;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.condition.EnabledIf;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.io.TempDir;
import org.junit.platform.testkit.engine.EngineExecutionResults;

@DisplayName("Cleanup after each test")
class CleanupTests {

    static final java.util.Queue<java.util.concurrent.CompletableFuture<?>> LEFT_RUNNING =
            new java.util.concurrent.ConcurrentLinkedQueue<>();

    @ExtendWith(AsyncTempExtension.class)
    static class InFlightTestCase {
        @Test
        void leavesWorkRunning(NamedTemporaryFile<byte[]> file) {
            see(file.path());
            // Not awaited: cleanup must wait for them before closing.
            for (int i = 0; i < 50; i++) {
                LEFT_RUNNING.add(file.write(new byte[1 << 20]));
            }
            LEFT_RUNNING.add(file.seek(0));
            LEFT_RUNNING.add(file.read());
        }
    }

    @Test
    @DisplayName("awaits operations still in flight, then closes and removes")
    void awaitsInFlight() {
        LEFT_RUNNING.clear();
        Kit.run(InFlightTestCase.class).testEvents().assertStatistics(s -> s.succeeded(1));
        assertThat(LEFT_RUNNING).hasSize(52).allMatch(f -> f.isDone() && !f.isCompletedExceptionally());
        assertThat((byte[]) ((java.util.concurrent.CompletableFuture<?>) LEFT_RUNNING.toArray()[51]).join())
                .hasSize(50 << 20);
        assertThat(Kit.seen().get(0)).doesNotExist();
    }

    // Fresh for every run: mutation testing reruns a test many times in one JVM.
    static volatile CountDownLatch RELEASE;

    @ExtendWith(AsyncTempExtension.class)
    static class StuckTestCase {
        @Test
        void leavesWorkStuck(NamedTemporaryFile<String> file) {
            see(file.path());
            file.write("line\n").join();
            file.seek(0).join();
            file.forEachLine(line -> {
                try {
                    RELEASE.await(30, TimeUnit.SECONDS);
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                }
            });
        }
    }

    @Test
    @DisplayName("gives up after asynctemp.cleanup.timeout: fails the test, and still closes and removes the file")
    void boundedWait() {
        RELEASE = new CountDownLatch(1);
        var results = Kit.run(StuckTestCase.class, Map.of(AsyncTempExtension.CLEANUP_TIMEOUT_KEY, "200 ms"));
        RELEASE.countDown();
        results.testEvents().assertStatistics(s -> s.failed(1));
        Throwable failure = Kit.failureOf(results, "leavesWorkStuck");
        // The action runs outside the file (forEachLine is Python's async for), so the close is not
        // held up; the work still in flight is, and the timeout names it.
        assertThat(failure).isInstanceOf(TimeoutException.class)
                .hasMessageContaining("forEachLine() on NamedTemporaryFile " + Kit.seen().get(0))
                .hasMessageContaining("200 ms after it ended (asynctemp.cleanup.timeout)");
        assertThat(Kit.seen().get(0)).doesNotExist();
    }

    static boolean canMakeImmutable() {
        return dev.asynctemp.GuaranteesTestsAccess.canMakeImmutable();
    }

    @ExtendWith(AsyncTempExtension.class)
    static class ImmutableContentTestCase {
        @Test
        void test(TemporaryDirectory dir) throws IOException {
            Path a = Files.writeString(Files.createDirectories(dir.path().resolve("sub")).resolve("a"), "a");
            Path b = Files.writeString(dir.path().resolve("b"), "b");
            see(a);
            see(b);
            dev.asynctemp.GuaranteesTestsAccess.chattr("+i", a, b);
        }
    }

    @Test
    @DisplayName("content that cannot be removed fails the test, naming every path (as root: chattr +i)")
    @EnabledIf("canMakeImmutable")
    void undeletableAsRoot() throws IOException {
        var results = Kit.run(ImmutableContentTestCase.class);
        List<Path> seen = Kit.seen();
        try {
            results.testEvents().assertStatistics(s -> s.failed(1));
            Throwable failure = Kit.failureOf(results, "test");
            assertThat(failure).isInstanceOf(CleanupException.class);
            assertThat(((CleanupException) failure).failures()).containsOnlyKeys(seen.get(0), seen.get(1));
        } finally {
            dev.asynctemp.GuaranteesTestsAccess.chattr("-i", seen.toArray(Path[]::new));
            for (Path path : seen) {
                Files.deleteIfExists(path);
            }
            Files.deleteIfExists(seen.get(0).getParent());
            Files.deleteIfExists(seen.get(0).getParent().getParent());
        }
    }

    static boolean unprivileged() {
        return !"root".equals(System.getProperty("user.name"));
    }

    @ExtendWith(AsyncTempExtension.class)
    static class LockedParentTestCase {
        @Test
        void test(TemporaryDirectory first, TemporaryDirectory second) throws IOException {
            Files.writeString(first.path().resolve("content"), "x");
            see(first.path());
            see(second.path());
            // Lock the temp root: the directories inside can be emptied, but not removed.
            Files.setPosixFilePermissions(first.path().getParent(), PosixFilePermissions.fromString("r-x------"));
        }
    }

    @Test
    @DisplayName("content that cannot be removed fails the test, naming every path (unprivileged: a locked parent)")
    @EnabledIf("unprivileged")
    void undeletableAsUser(@TempDir Path root) throws IOException {
        var results = Kit.run(LockedParentTestCase.class, Map.of(AsyncTempExtension.TMPDIR_KEY, root.toString()));
        Files.setPosixFilePermissions(root, PosixFilePermissions.fromString("rwx------"));
        results.testEvents().assertStatistics(s -> s.failed(1));
        var failure = Kit.failureOf(results, "test");
        // Both resources failed: the first failure carries the second as suppressed (next to its own causes).
        List<Throwable> all = Stream.concat(Stream.of(failure), Stream.of(failure.getSuppressed()))
                .filter(CleanupException.class::isInstance).toList();
        assertThat(all).hasSize(2).allSatisfy(t -> assertThat(t).isInstanceOf(CleanupException.class));
        assertThat(all).flatExtracting(t -> ((CleanupException) t).failures().keySet())
                .containsExactlyInAnyOrderElementsOf(Kit.seen());
        assertThat(Kit.seen().get(0).resolve("content")).doesNotExist();
        for (Path path : Kit.seen()) {
            Files.delete(path);
        }
    }

    @ExtendWith(AsyncTempExtension.class)
    static class FailingAndLeftoverTestCase {
        @Test
        void test(TemporaryDirectory dir) {
            see(dir.path());
            throw new IllegalStateException("the test's own failure");
        }
    }

    @Test
    @DisplayName("a failing test still has its parameters removed, and keeps its own failure")
    void failingTest() {
        var results = Kit.run(FailingAndLeftoverTestCase.class);
        assertThat(Kit.failureOf(results, "test")).hasMessage("the test's own failure");
        assertThat(Kit.seen().get(0)).doesNotExist();
    }

    @ExtendWith(AsyncTempExtension.class)
    static class InstanceNeverBuiltTestCase {
        InstanceNeverBuiltTestCase(TemporaryDirectory dir, StringBuilder noResolverForThis) {
        }

        @Test
        void test() {
        }
    }

    @Test
    @DisplayName("what was injected for a test instance that could not be built is removed all the same")
    void instanceNeverBuilt(@TempDir Path root) throws IOException {
        var results = Kit.run(InstanceNeverBuiltTestCase.class, Map.of(AsyncTempExtension.TMPDIR_KEY, root.toString()));
        assertThat(Kit.failureOf(results, "test")).hasMessageContaining("No ParameterResolver registered");
        try (Stream<Path> left = Files.list(root)) {
            assertThat(left).isEmpty();
        }
    }

    static boolean canLockADirectory() {
        return unprivileged() || canMakeImmutable();
    }

    /** Makes {@code dir}'s entries impossible to remove: immutable as root, read-only for a user. */
    static void lock(Path dir, boolean locked) throws IOException {
        if (unprivileged()) {
            Files.setPosixFilePermissions(dir, PosixFilePermissions.fromString(locked ? "r-x------" : "rwx------"));
        } else {
            dev.asynctemp.GuaranteesTestsAccess.chattr(locked ? "+i" : "-i", dir);
        }
    }

    @ExtendWith(AsyncTempExtension.class)
    static class UnremovableFileTestCase {
        @Test
        void test(NamedTemporaryFile<byte[]> file) throws IOException {
            lock(see(file.path()).getParent(), true);
        }
    }

    @Test
    @DisplayName("an injected file that cannot be removed fails its test with the cause, naming the file")
    @EnabledIf("canLockADirectory")
    void unremovableFile(@TempDir Path root) throws IOException {
        EngineExecutionResults results;
        try {
            results = Kit.run(UnremovableFileTestCase.class, Map.of(AsyncTempExtension.TMPDIR_KEY, root.toString()));
        } finally {
            lock(root, false);
        }
        assertThat(Kit.failureOf(results, "test")).isInstanceOf(IOException.class)
                .hasMessageContaining(Kit.seen().get(0).toString());
        Files.deleteIfExists(Kit.seen().get(0));
    }
}
