package dev.asynctemp.internal;

import static org.assertj.core.api.Assertions.assertThat;

import dev.asynctemp.Canaries;
import dev.asynctemp.GuaranteesTestsAccess;
import dev.asynctemp.internal.SecureDeletion.Walk;
import java.io.IOException;
import java.nio.file.AccessDeniedException;
import java.nio.file.DirectoryNotEmptyException;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.condition.EnabledIf;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

/**
 * The deletion guarantees, held against both walks: the one relative to open directories (Linux)
 * and the one by path that macOS and Windows use, forced here with {@link Walk#BY_PATH}.
 */
@DisplayName("Secure deletion, on both walks")
@EnabledIf("posix")
class SecureDeletionTests {

    static boolean posix() {
        return Creation.isPosix();
    }

    static boolean root() {
        return "root".equals(System.getProperty("user.name"));
    }

    static boolean canMakeImmutable() {
        return GuaranteesTestsAccess.canMakeImmutable();
    }

    @TempDir
    Path work;

    private Path tree() throws IOException {
        return Files.createDirectory(work.resolve("tree"));
    }

    private static void mode(Path path, String mode) throws IOException {
        // On the real path: the faults injected apply to the deletion, not to the test's own setup.
        Files.setPosixFilePermissions(FaultyFileSystem.unwrap(path), PosixFilePermissions.fromString(mode));
    }

    /**
     * Checks that every path in {@code left} is named with its cause, and nothing else but the
     * directories holding them (which the walk by path names too, having failed to remove them).
     */
    private static void assertNamed(DeletionResult result, Path... left) {
        assertThat(result.succeeded()).isFalse();
        assertThat(result.failures()).containsKeys(left).allSatisfy((path, cause) -> {
            assertThat(cause).as("cause for %s", path).isNotNull();
            assertThat(java.util.stream.Stream.of(left)).as("%s holds a path left", path)
                    .anyMatch(leaf -> leaf.startsWith(path));
        });
    }

    @ParameterizedTest(name = "{0}")
    @EnumSource(Walk.class)
    @DisplayName("links to outside files and directories, dangling links, loops and hard links: only the links go")
    void linksNeverFollowed(Walk walk) throws IOException {
        var canaries = new Canaries(Files.createDirectory(work.resolve("outside")));
        try {
            Path tree = tree();
            canaries.plantLinksIn(tree);
            Path locked = Files.createDirectory(tree.resolve("locked"));
            Files.createSymbolicLink(locked.resolve("to-dir"), canaries.dir);
            mode(locked, "---------");
            DeletionResult result = SecureDeletion.delete(tree, walk);
            assertThat(result.failures()).isEmpty();
            assertThat(tree).doesNotExist();
            canaries.assertUntouched();
        } finally {
            canaries.release();
        }
    }

    @ParameterizedTest(name = "{0}")
    @EnumSource(Walk.class)
    @DisplayName("a root that is a link to a directory: the link goes, the directory and its content stay")
    void rootIsALink(Walk walk) throws IOException {
        var canaries = new Canaries(Files.createDirectory(work.resolve("outside")));
        try {
            Path link = Files.createSymbolicLink(work.resolve("link"), canaries.dir);
            assertThat(SecureDeletion.delete(link, walk).succeeded()).isTrue();
            assertThat(Files.exists(link, LinkOption.NOFOLLOW_LINKS)).isFalse();
            canaries.assertUntouched();
        } finally {
            canaries.release();
        }
    }

    @ParameterizedTest(name = "{0}")
    @EnumSource(Walk.class)
    @DisplayName("read-only files, directories 0500 and 0000, and a read-only root are removed")
    void awkwardModes(Walk walk) throws IOException {
        Path tree = tree();
        Path deep = Files.createDirectories(tree.resolve("a/b/c"));
        mode(Files.writeString(deep.resolve("read-only"), "x"), "r--------");
        Path readOnly = Files.createDirectory(tree.resolve("read-only-dir"));
        Files.writeString(readOnly.resolve("inside"), "y");
        mode(readOnly, "r-x------");
        Path sealed = Files.createDirectory(tree.resolve("sealed"));
        Files.writeString(sealed.resolve("inside"), "z");
        mode(sealed, "---------");
        mode(tree, "r-x------");
        DeletionResult result = SecureDeletion.delete(tree, walk);
        assertThat(result.failures()).isEmpty();
        assertThat(tree).doesNotExist();
    }

    @ParameterizedTest(name = "{0}")
    @EnumSource(Walk.class)
    @DisplayName("a missing root is success; a file root is removed")
    void plainRoots(Walk walk) throws IOException {
        assertThat(SecureDeletion.delete(work.resolve("missing"), walk).succeeded()).isTrue();
        Path file = Files.writeString(work.resolve("file"), "x");
        assertThat(SecureDeletion.delete(file, walk).succeeded()).isTrue();
        assertThat(file).doesNotExist();
    }

    @ParameterizedTest(name = "{0}")
    @EnumSource(Walk.class)
    @DisplayName("as root: immutable files and an immutable empty directory are each named with their cause; the rest goes")
    @EnabledIf("canMakeImmutable")
    void immutableEntriesNamed(Walk walk) throws IOException {
        Path tree = tree();
        Path a = Files.writeString(Files.createDirectories(tree.resolve("x/y")).resolve("a"), "a");
        Path b = Files.writeString(tree.resolve("b"), "b");
        Path empty = Files.createDirectory(tree.resolve("empty"));
        Path removable = Files.writeString(tree.resolve("removable"), "c");
        GuaranteesTestsAccess.chattr("+i", a, b, empty);
        try {
            assertNamed(SecureDeletion.delete(tree, walk), a, b, empty);
            assertThat(removable).doesNotExist();
        } finally {
            GuaranteesTestsAccess.chattr("-i", a, b, empty);
        }
    }

    @ParameterizedTest(name = "{0}")
    @EnumSource(Walk.class)
    @DisplayName("as a user: a tree in a locked parent is emptied, and the failure names the root with its cause")
    @EnabledIf("dev.asynctemp.internal.SecureDeletionTests#unprivileged")
    void lockedParentNamed(Walk walk) throws IOException {
        Path parent = Files.createDirectory(work.resolve("parent"));
        Path tree = Files.createDirectory(parent.resolve("tree"));
        Path content = Files.writeString(Files.createDirectory(tree.resolve("sub")).resolve("content"), "x");
        mode(parent, "r-x------");
        try {
            DeletionResult result = SecureDeletion.delete(tree, walk);
            assertThat(result.failures()).containsOnlyKeys(tree);
            assertThat(result.failures().get(tree)).isInstanceOf(AccessDeniedException.class);
            assertThat(content).doesNotExist();
        } finally {
            mode(parent, "rwx------");
        }
    }

    static boolean unprivileged() {
        return !root();
    }

    @Test
    @DisplayName("as a user: a tree whose parent cannot be listed is removed by path, and a root that cannot be seen is named")
    @EnabledIf("unprivileged")
    void unlistableParent() throws IOException {
        Path parent = Files.createDirectory(work.resolve("parent"));
        Path tree = Files.createDirectory(parent.resolve("tree"));
        Files.writeString(tree.resolve("content"), "x");
        mode(parent, "-wx------");
        try {
            assertThat(SecureDeletion.delete(tree).failures()).isEmpty();
            assertThat(Files.exists(tree, LinkOption.NOFOLLOW_LINKS)).isFalse();
            Path hidden = Files.createDirectory(work.resolve("hidden"));
            Path unseen = Files.writeString(hidden.resolve("unseen"), "x");
            mode(hidden, "rw-------");
            try {
                DeletionResult result = SecureDeletion.delete(unseen);
                assertThat(result.failures()).containsOnlyKeys(unseen);
                assertThat(result.failures().get(unseen)).isInstanceOf(AccessDeniedException.class);
            } finally {
                mode(hidden, "rwx------");
            }
            assertThat(unseen).exists();
        } finally {
            mode(parent, "rwx------");
        }
    }

    /** Faults a real disk shows only under a race or an I/O error, injected by {@link FaultyFileSystem}. */
    @Nested
    @DisplayName("faults injected")
    class Faults {

        final FaultyFileSystem faulty = new FaultyFileSystem();

        /** A tree {@code tree/dir/file} and {@code tree/other}, as a path of the faulty file system. */
        Path faultyTree() throws IOException {
            Path tree = tree();
            Files.writeString(Files.createDirectory(tree.resolve("dir")).resolve("file"), "x");
            Files.writeString(tree.resolve("other"), "y");
            return faulty.wrap(tree);
        }

        @Test
        @DisplayName("a directory refilled by a writer is emptied again, up to 10 rescans, then deleted")
        void refilledTenTimes() throws IOException {
            Path tree = faultyTree();
            var refills = new AtomicInteger(SecureDeletion.RESCANS);
            faulty.refills.put("dir", refills);
            DeletionResult result = SecureDeletion.delete(tree, Walk.SECURE_WHERE_AVAILABLE);
            assertThat(refills.get()).as("refills left").isNegative();
            assertThat(result.failures()).isEmpty();
            assertThat(tree).doesNotExist();
        }

        @Test
        @DisplayName("a directory refilled after the 10th rescan is named with DirectoryNotEmptyException")
        void refilledForever() throws IOException {
            Path tree = faultyTree();
            faulty.refills.put("dir", new AtomicInteger(SecureDeletion.RESCANS + 1));
            DeletionResult result = SecureDeletion.delete(tree, Walk.SECURE_WHERE_AVAILABLE);
            Path dir = tree.resolve("dir");
            assertThat(result.failures()).containsOnlyKeys(dir);
            assertThat(result.failures().get(dir)).isInstanceOf(DirectoryNotEmptyException.class);
            assertThat(dir).isDirectory();
            assertThat(tree.resolve("other")).doesNotExist();
        }

        /** Checks that the injected denial at {@code faulty} is named, and that {@code removed} went. */
        void assertOnlyFault(DeletionResult result, Path faulty, Path removed) {
            assertNamed(result, faulty);
            assertThat(result.failures().get(faulty)).isInstanceOf(AccessDeniedException.class);
            assertThat(removed).doesNotExist();
        }

        @ParameterizedTest(name = "{0}")
        @EnumSource(Walk.class)
        @DisplayName("a listing that fails halfway names the directory with the cause")
        void listingFails(Walk walk) throws IOException {
            Path tree = faultyTree();
            Files.writeString(tree.resolve("dir/second"), "x");
            faulty.failListingOf = "dir";
            DeletionResult result = SecureDeletion.delete(tree, walk);
            Path dir = tree.resolve("dir");
            assertNamed(result, dir);
            assertThat(result.failures().get(dir)).hasMessageContaining("injected fault");
        }

        @ParameterizedTest(name = "{0}")
        @EnumSource(Walk.class)
        @DisplayName("a directory that cannot be opened is named with the cause; the rest goes")
        void directoryCannotBeOpened(Walk walk) throws IOException {
            Path tree = faultyTree();
            faulty.failOpeningOf = "dir";
            assertOnlyFault(SecureDeletion.delete(tree, walk), tree.resolve("dir"), tree.resolve("other"));
        }

        @ParameterizedTest(name = "{0}")
        @EnumSource(Walk.class)
        @DisplayName("an entry whose attributes cannot be read is named with the cause; the rest goes")
        void attributesUnreadable(Walk walk) throws IOException {
            Path tree = faultyTree();
            faulty.failAttributesOf = "other";
            assertOnlyFault(SecureDeletion.delete(tree, walk), tree.resolve("other"), tree.resolve("dir"));
        }

        @ParameterizedTest(name = "{0}")
        @EnumSource(Walk.class)
        @DisplayName("an entry removed by someone else meanwhile is no failure")
        void entryVanishes(Walk walk) throws IOException {
            Path tree = faultyTree();
            faulty.vanishing = "other";
            assertThat(SecureDeletion.delete(tree, walk).failures()).isEmpty();
            assertThat(tree).doesNotExist();
        }

        @ParameterizedTest(name = "{0}")
        @EnumSource(Walk.class)
        @DisplayName("a read-only directory whose mode cannot be reset is named with the cause; the rest goes")
        void modeCannotBeReset(Walk walk) throws IOException {
            Path tree = faultyTree();
            mode(tree.resolve("dir"), "r-x------");
            faulty.failModeChangeOf = "dir";
            try {
                assertOnlyFault(SecureDeletion.delete(tree, walk), tree.resolve("dir"), tree.resolve("other"));
            } finally {
                mode(tree.resolve("dir"), "rwx------");
            }
        }

        @ParameterizedTest(name = "{0}")
        @EnumSource(Walk.class)
        @DisplayName("a directory that cannot be opened, nor have its mode reset, is named with the cause")
        void unopenableAndLocked(Walk walk) throws IOException {
            Path tree = faultyTree();
            mode(tree.resolve("dir"), "r-x------");
            faulty.failOpeningOf = "dir";
            try {
                assertOnlyFault(SecureDeletion.delete(tree, walk), tree.resolve("dir"), tree.resolve("other"));
                faulty.failModeChangeOf = "dir";
                mode(tree.resolve("dir"), "r-x------");
                assertOnlyFault(SecureDeletion.delete(tree, walk), tree.resolve("dir"), tree.resolve("other"));
            } finally {
                mode(tree.resolve("dir"), "rwx------");
            }
        }

        @ParameterizedTest(name = "{0}")
        @EnumSource(Walk.class)
        @DisplayName("a read-only directory swapped for a link while its mode is reset: the link's target keeps its mode")
        void swappedDuringModeReset(Walk walk) throws IOException {
            var canaries = new Canaries(Files.createDirectory(work.resolve("outside")));
            Path tree = faultyTree();
            try {
                mode(tree.resolve("dir"), "r-x------");
                faulty.swapOnModeChangeOf = "dir";
                faulty.swapTarget = canaries.dir;
                DeletionResult result = SecureDeletion.delete(tree, walk);
                assertNamed(result, tree.resolve("dir"));
                assertThat(result.failures().get(tree.resolve("dir")))
                        .hasMessageContaining("changed while being deleted; its permissions were left alone");
                canaries.assertUntouched();
            } finally {
                canaries.release();
                mode(tree.resolve("dir.moved"), "rwx------");
            }
        }

        @Test
        @DisplayName("a root whose attributes cannot be read is named with the cause and left alone")
        void rootUnreadable() throws IOException {
            Path tree = faultyTree();
            faulty.failAttributesOf = "tree";
            DeletionResult result = SecureDeletion.delete(tree);
            assertThat(result.failures()).containsOnlyKeys(tree);
            assertThat(result.failures().get(tree)).isInstanceOf(AccessDeniedException.class);
            assertThat(tree.resolve("other")).exists();
        }

        @Test
        @DisplayName("a tree whose parent cannot be listed is removed by path")
        void parentCannotBeOpened() throws IOException {
            Path tree = faultyTree();
            faulty.failOpeningOf = work.getFileName().toString();
            assertThat(SecureDeletion.delete(tree).failures()).isEmpty();
            assertThat(tree).doesNotExist();
        }
    }
}
