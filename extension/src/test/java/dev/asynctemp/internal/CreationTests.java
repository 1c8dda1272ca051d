package dev.asynctemp.internal;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.nio.file.FileAlreadyExistsException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.HashSet;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.condition.EnabledOnOs;
import org.junit.jupiter.api.condition.OS;
import org.junit.jupiter.api.io.TempDir;

@DisplayName("Names and exclusive creation")
class CreationTests {

    @TempDir
    Path dir;

    @Test
    @DisplayName("names carry 16 characters (80 bits) from a 32-letter alphabet")
    void nameShape() {
        assertThat(Names.next("p", "s")).matches("p[a-z2-7]{16}s");
        assertThat(Names.next("", "s".repeat(40))).as("a suffix longer than the rest").matches("[a-z2-7]{16}s{40}");
    }

    @Test
    @DisplayName("200,000 names in a row are all different")
    void unique() {
        var seen = new HashSet<String>();
        for (int i = 0; i < 200_000; i++) {
            assertThat(seen.add(Names.next("", ""))).isTrue();
        }
    }

    @Test
    @DisplayName("every letter of the alphabet appears in every position: the bits are not biased to a subset")
    void spread() {
        var perPosition = new java.util.ArrayList<java.util.Set<Character>>();
        for (int i = 0; i < 16; i++) {
            perPosition.add(new HashSet<>());
        }
        for (int n = 0; n < 5_000; n++) {
            String name = Names.next("", "");
            for (int i = 0; i < 16; i++) {
                perPosition.get(i).add(name.charAt(i));
            }
        }
        assertThat(perPosition).allSatisfy(letters -> assertThat(letters).hasSize(32));
    }

    @Test
    @EnabledOnOs({OS.LINUX, OS.MAC})
    @DisplayName("the random source is the non-blocking native PRNG")
    void nonBlockingSource() {
        assertThat(Names.algorithm()).isEqualTo("NativePRNGNonBlocking");
    }

    @Test
    @DisplayName("a taken name is retried with a fresh one")
    void retriesTakenNames() throws Exception {
        var attempts = new AtomicInteger();
        Files.createFile(dir.resolve("taken"));
        var created = Creation.createFile(dir, () -> attempts.incrementAndGet() < 5 ? "taken" : "free");
        created.channel().close();
        assertThat(created.path()).isEqualTo(dir.resolve("free"));
        assertThat(attempts).hasValue(5);
    }

    @Test
    @DisplayName("after " + Creation.MAX_ATTEMPTS + " taken names, creation fails with a clear error")
    void givesUp() throws Exception {
        Files.createFile(dir.resolve("taken"));
        var attempts = new AtomicInteger();
        assertThatThrownBy(() -> Creation.createFile(dir, () -> {
            attempts.incrementAndGet();
            return "taken";
        })).isInstanceOf(FileAlreadyExistsException.class)
                .hasMessageContaining("no free name for a temporary file after 100 attempts");
        assertThat(attempts).hasValue(Creation.MAX_ATTEMPTS);
        Files.createDirectory(dir.resolve("taken-dir"));
        attempts.set(0);
        assertThatThrownBy(() -> Creation.createDirectory(dir, () -> {
            attempts.incrementAndGet();
            return "taken-dir";
        })).isInstanceOf(FileAlreadyExistsException.class).hasMessageContaining("temporary directory");
        assertThat(attempts).hasValue(Creation.MAX_ATTEMPTS);
    }

    @Test
    @DisplayName("a link planted at the chosen name is not followed: the next name is used")
    void linkAtNameIsNotFollowed() throws Exception {
        Path target = dir.resolve("target");
        Files.createSymbolicLink(dir.resolve("planted"), target);
        var names = new java.util.ArrayDeque<>(java.util.List.of("planted", "fresh"));
        var created = Creation.createFile(dir, names::poll);
        created.channel().close();
        assertThat(created.path()).isEqualTo(dir.resolve("fresh"));
        assertThat(target).doesNotExist();
    }

    @Test
    @DisplayName("a file or directory created directly in the temp root is asynctemp's own: the foreign-leak "
            + "watch never reports it")
    void ownArtifactsAreNotForeign() throws Exception {
        ForeignWatch.Status status = ForeignWatch.start();
        assumeTrue(status instanceof ForeignWatch.Watching, "needs the private temp root the build gives test JVMs");
        ForeignWatch watch = ((ForeignWatch.Watching) status).watch();
        Duration bound = Duration.ofSeconds(30);
        long since = watch.epoch(bound);
        var window = watch.open("creation-tests", "CreationTests", bound);
        Path file = null;
        Path dir = null;
        try {
            var created = Creation.createFile(watch.root(), () -> "own-file-" + System.nanoTime());
            created.channel().close();
            file = created.path();
            dir = Creation.createDirectory(watch.root(), () -> "own-dir-" + System.nanoTime());
        } finally {
            // Pinned on this window, or uncertain (a JVM with other threads about, as PIT's): either way reported.
            var found = new java.util.ArrayList<>(watch.close(window, bound));
            found.addAll(watch.unclaimed(since, bound));
            if (file != null) {
                Files.delete(file);
            }
            if (dir != null) {
                Files.delete(dir);
            }
            assertThat(found).extracting(ForeignWatch.Appearance::name).as("reported as foreign")
                    .noneMatch(name -> name.startsWith("own-"));
        }
    }
}
