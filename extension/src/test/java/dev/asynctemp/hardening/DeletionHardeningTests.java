package dev.asynctemp.hardening;

import static dev.asynctemp.AsyncTempfile.temporaryDirectory;
import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.platform.engine.discovery.DiscoverySelectors.selectClass;

import dev.asynctemp.CleanupException;
import dev.asynctemp.TempOptions;
import dev.asynctemp.TemporaryDirectory;
import dev.asynctemp.internal.Creation;
import dev.asynctemp.internal.DeletionResult;
import dev.asynctemp.internal.SecureDeletion;
import dev.asynctemp.junit.AsyncTempExtension;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.Map;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.stream.Stream;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.condition.EnabledIf;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.io.TempDir;
import org.junit.platform.testkit.engine.EngineTestKit;

@DisplayName("Deletion under attack and at scale")
@EnabledIf("posix")
class DeletionHardeningTests {

    static boolean posix() {
        return Creation.isPosix();
    }

    @TempDir
    Path work;

    /** Outside files and a directory with restrictive modes, which no deletion may touch. */
    record Canary(Path file, Path dir, Path inside) {
        static Canary plant(Path where) throws IOException {
            Path dir = Files.createDirectories(where.resolve("canary-dir"));
            Path inside = Files.writeString(dir.resolve("keep"), "keep");
            Path file = Files.writeString(where.resolve("canary-file"), "canary");
            Files.setPosixFilePermissions(file, PosixFilePermissions.fromString("r--------"));
            Files.setPosixFilePermissions(inside, PosixFilePermissions.fromString("r--------"));
            Files.setPosixFilePermissions(dir, PosixFilePermissions.fromString("r-x------"));
            return new Canary(file, dir, inside);
        }

        void assertIntact() throws IOException {
            assertThat(file).hasContent("canary");
            assertThat(inside).hasContent("keep");
            assertThat(PosixFilePermissions.toString(Files.getPosixFilePermissions(file))).isEqualTo("r--------");
            assertThat(PosixFilePermissions.toString(Files.getPosixFilePermissions(inside))).isEqualTo("r--------");
            assertThat(PosixFilePermissions.toString(Files.getPosixFilePermissions(dir))).isEqualTo("r-x------");
        }

        void release() throws IOException {
            Files.setPosixFilePermissions(dir, PosixFilePermissions.fromString("rwx------"));
        }
    }

    static Path canaryFor;

    @ExtendWith(AsyncTempExtension.class)
    static class InjectedTestCase {
        @Test
        void plantsLinks(TemporaryDirectory dir) throws IOException {
            Files.createSymbolicLink(dir.path().resolve("to-file"), canaryFor.resolve("canary-file"));
            Files.createSymbolicLink(dir.path().resolve("to-dir"), canaryFor.resolve("canary-dir"));
            Path locked = Files.createDirectory(dir.path().resolve("locked"));
            Files.createSymbolicLink(locked.resolve("to-dir"), canaryFor.resolve("canary-dir"));
            Files.setPosixFilePermissions(locked, PosixFilePermissions.fromString("---------"));
            Files.createSymbolicLink(dir.path().resolve("loop"), dir.path().resolve("loop"));
            Files.createLink(dir.path().resolve("hard"), canaryFor.resolve("canary-dir/keep"));
        }
    }

    @Test
    @DisplayName("links planted in an injected directory: the canaries keep content and modes")
    void injectedDirectory() throws IOException {
        canaryFor = Files.createDirectory(work.resolve("outside"));
        Canary canary = Canary.plant(canaryFor);
        try {
            EngineTestKit.engine("junit-jupiter").selectors(selectClass(InjectedTestCase.class))
                    .configurationParameters(Map.of(AsyncTempExtension.TMPDIR_KEY,
                            Files.createDirectory(work.resolve("root")).toString()))
                    .execute().testEvents().assertStatistics(s -> s.succeeded(1));
            canary.assertIntact();
            try (Stream<Path> left = Files.list(work.resolve("root"))) {
                assertThat(left).isEmpty();
            }
        } finally {
            canary.release();
        }
    }

    @Test
    @DisplayName("a directory swapped for a link to the outside while it is being deleted, 1,000 times: never followed")
    void swapRace() throws Exception {
        Canary canary = Canary.plant(Files.createDirectory(work.resolve("outside")));
        var swapsSeen = new AtomicInteger();
        try {
            for (int round = 0; round < 1_000; round++) {
                TemporaryDirectory tree = temporaryDirectory(TempOptions.defaults().withDir(work)).join();
                Path victim = tree.path().resolve("victim");
                Path asDirectory = Files.createDirectories(tree.path().resolve("real/sub"));
                Files.writeString(asDirectory.resolve("file"), "x");
                Files.move(tree.path().resolve("real"), victim);
                Path asLink = Files.createSymbolicLink(tree.path().resolve("link"), canary.dir());
                var stop = new AtomicBoolean();
                var racer = new Thread(() -> {
                    // Swap "victim" between the real directory and a link to the canary, as fast as possible.
                    Path parked = tree.path().resolve("parked");
                    while (!stop.get()) {
                        try {
                            Files.move(victim, parked, StandardCopyOption.ATOMIC_MOVE);
                            Files.move(asLink, victim, StandardCopyOption.ATOMIC_MOVE);
                            Files.move(victim, asLink, StandardCopyOption.ATOMIC_MOVE);
                            Files.move(parked, victim, StandardCopyOption.ATOMIC_MOVE);
                            swapsSeen.incrementAndGet();
                        } catch (IOException deletedMeanwhile) {
                            return;
                        }
                    }
                });
                racer.start();
                DeletionResult result = SecureDeletion.delete(tree.path());
                stop.set(true);
                racer.join();
                canary.assertIntact();
                if (!result.succeeded()) {
                    // The racer may have put things back after the walk; that is a failure to
                    // remove, never an escape. Finish the job for the next round.
                    assertThat(SecureDeletion.delete(tree.path()).succeeded()).isTrue();
                }
                assertThat(Files.exists(tree.path(), LinkOption.NOFOLLOW_LINKS)).isFalse();
            }
            assertThat(swapsSeen.get()).as("swaps that raced a deletion").isPositive();
        } finally {
            canary.release();
        }
    }

    @Test
    @Tag("slow")
    @DisplayName("a tree 2,000 levels deep is deleted")
    void deepTree() throws IOException {
        TemporaryDirectory dir = temporaryDirectory(TempOptions.defaults().withDir(work)).join();
        Path level = dir.path();
        for (int i = 0; i < 2_000; i++) {
            level = Files.createDirectory(level.resolve("d"));
        }
        Files.writeString(level.resolve("leaf"), "x");
        Files.setPosixFilePermissions(level, PosixFilePermissions.fromString("r-x------"));
        dir.close();
        assertThat(dir.path()).doesNotExist();
    }

    @Test
    @Tag("slow")
    @DisplayName("a directory with 100,000 files is deleted")
    void hundredThousandFiles() throws IOException {
        TemporaryDirectory dir = temporaryDirectory(TempOptions.defaults().withDir(work)).join();
        for (int i = 0; i < 100_000; i++) {
            Files.createFile(dir.path().resolve("f" + i));
        }
        dir.close();
        assertThat(dir.path()).doesNotExist();
    }

    @Test
    @DisplayName("where deletion truly cannot succeed (the parent is locked), the failure names the path")
    @EnabledIf("dev.asynctemp.hardening.DeletionHardeningTests#unprivileged")
    void truly() throws IOException {
        Path parent = Files.createDirectory(work.resolve("locked-parent"));
        TemporaryDirectory dir = temporaryDirectory(TempOptions.defaults().withDir(parent)).join();
        Files.writeString(dir.path().resolve("content"), "x");
        Files.setPosixFilePermissions(parent, PosixFilePermissions.fromString("r-x------"));
        try {
            var failure = org.assertj.core.api.Assertions.catchThrowable(() -> dir.cleanup().join());
            assertThat(failure).hasCauseInstanceOf(CleanupException.class);
            assertThat(((CleanupException) failure.getCause()).failures()).containsOnlyKeys(dir.path());
            assertThat(dir.path().resolve("content")).doesNotExist();
        } finally {
            Files.setPosixFilePermissions(parent, PosixFilePermissions.fromString("rwx------"));
        }
        dir.close();
    }

    static boolean unprivileged() {
        return !"root".equals(System.getProperty("user.name"));
    }
}
