package dev.asynctemp;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermission;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.Set;

/**
 * Files and directories outside a temp tree that deletion must never touch: each remembers its
 * content and permissions, and {@link #assertUntouched()} checks both.
 */
public final class Canaries {

    public final Path file;
    public final Path dir;
    public final Path fileInDir;
    private final Set<PosixFilePermission> fileMode;
    private final Set<PosixFilePermission> dirMode;

    public Canaries(Path outside) throws IOException {
        file = Files.writeString(outside.resolve("canary.txt"), "canary");
        dir = Files.createDirectory(outside.resolve("canary-dir"));
        fileInDir = Files.writeString(dir.resolve("keep.txt"), "keep");
        // Restrictive modes, so that any permission reset through a link would show.
        Files.setPosixFilePermissions(file, PosixFilePermissions.fromString("r--------"));
        Files.setPosixFilePermissions(dir, PosixFilePermissions.fromString("r-x------"));
        fileMode = Files.getPosixFilePermissions(file);
        dirMode = Files.getPosixFilePermissions(dir);
    }

    /** Plants links to the canaries, a dangling link and a link loop inside {@code tree}. */
    public void plantLinksIn(Path tree) throws IOException {
        Path nested = Files.createDirectories(tree.resolve("nested/deeper"));
        Files.createSymbolicLink(tree.resolve("to-file"), file);
        Files.createSymbolicLink(tree.resolve("to-dir"), dir);
        Files.createSymbolicLink(nested.resolve("to-dir-again"), dir);
        Files.createSymbolicLink(nested.resolve("to-file-in-dir"), fileInDir);
        Files.createSymbolicLink(tree.resolve("dangling"), tree.resolve("does-not-exist"));
        Files.createSymbolicLink(tree.resolve("loop-a"), tree.resolve("loop-b"));
        Files.createSymbolicLink(tree.resolve("loop-b"), tree.resolve("loop-a"));
        Files.createLink(nested.resolve("hard-link"), fileInDir);
    }

    public void assertUntouched() throws IOException {
        assertThat(file).exists().hasContent("canary");
        assertThat(dir).isDirectory();
        assertThat(fileInDir).exists().hasContent("keep");
        assertThat(Files.getPosixFilePermissions(file, LinkOption.NOFOLLOW_LINKS)).isEqualTo(fileMode);
        assertThat(Files.getPosixFilePermissions(dir, LinkOption.NOFOLLOW_LINKS)).isEqualTo(dirMode);
    }

    /** Restores write permission so that the test's own cleanup can remove the canaries. */
    public void release() throws IOException {
        Files.setPosixFilePermissions(dir, PosixFilePermissions.fromString("rwx------"));
        Files.setPosixFilePermissions(file, PosixFilePermissions.fromString("rw-------"));
    }
}
