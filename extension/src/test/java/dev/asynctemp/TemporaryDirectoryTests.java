package dev.asynctemp;

import static dev.asynctemp.AsyncTempfile.temporaryDirectory;
import static dev.asynctemp.Outcomes.await;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

@DisplayName("TemporaryDirectory")
class TemporaryDirectoryTests {

    @TempDir
    Path parent;

    private TempOptions inParent() {
        return TempOptions.defaults().withDir(parent);
    }

    @Nested
    @DisplayName("ports of anyio's tests")
    class AnyioPorts {

        @Test
        @DisplayName("exists inside the block and is gone after, with its content (test_context_manager)")
        void contextManager() throws Exception {
            Path path;
            try (TemporaryDirectory dir = await(temporaryDirectory())) {
                path = dir.path();
                assertThat(path).isDirectory();
                Path file = Files.writeString(path.resolve("test.txt"), "temp dir test");
                assertThat(file).exists();
            }
            assertThat(path).doesNotExist();
        }

        @Test
        @DisplayName("cleanup() removes it (test_cleanup_method)")
        void cleanupMethod() throws Exception {
            TemporaryDirectory dir = await(temporaryDirectory());
            Files.writeString(dir.path().resolve("file.txt"), "cleanup test");
            await(dir.cleanup());
            assertThat(dir.path()).doesNotExist();
        }

        @Test
        @DisplayName("writing into it after the block fails (test_exception_handling)")
        void writeIntoRemovedDirectory() {
            Path path;
            try (TemporaryDirectory dir = await(temporaryDirectory())) {
                path = dir.path();
                assertThat(path).isDirectory();
            }
            assertThat(path).doesNotExist();
            assertThatThrownBy(() -> Files.writeString(path.resolve("nonexistent.txt"), "should fail"))
                    .isInstanceOf(NoSuchFileException.class);
        }
    }

    @Test
    @DisplayName("cleanup() is idempotent, and close after cleanup is fine")
    void cleanupIdempotent() {
        TemporaryDirectory dir = await(temporaryDirectory(inParent()));
        await(dir.cleanup());
        await(dir.cleanup());
        dir.close();
        dir.close();
        assertThat(dir.path()).doesNotExist();
    }

    @Test
    @DisplayName("cleanup() succeeds when the directory was removed by someone else")
    void removedUnderneath() throws Exception {
        TemporaryDirectory dir = await(temporaryDirectory(inParent()));
        Files.delete(dir.path());
        await(dir.cleanup());
        dir.close();
    }

    @Test
    @DisplayName("delete=false keeps the directory on close; cleanup() still removes it")
    void deleteFalse() throws Exception {
        TemporaryDirectory dir = await(temporaryDirectory(inParent().withDelete(false)));
        Files.createDirectories(dir.path().resolve("a/b"));
        dir.close();
        assertThat(dir.path().resolve("a/b")).isDirectory();
        await(dir.cleanup());
        assertThat(dir.path()).doesNotExist();
    }

    @Test
    @DisplayName("removes nested trees, read-only files and directories with modes 0500 and 0000")
    void awkwardContent() throws Exception {
        org.junit.jupiter.api.Assumptions.assumeTrue(dev.asynctemp.internal.Creation.isPosix());
        TemporaryDirectory dir = await(temporaryDirectory(inParent()));
        Path deep = Files.createDirectories(dir.path().resolve("a/b/c/d"));
        Path readOnly = Files.writeString(deep.resolve("read-only.txt"), "x");
        Files.setPosixFilePermissions(readOnly, java.nio.file.attribute.PosixFilePermissions.fromString("r--------"));
        Path locked = Files.createDirectory(dir.path().resolve("locked"));
        Files.writeString(locked.resolve("inside"), "y");
        Files.setPosixFilePermissions(locked, java.nio.file.attribute.PosixFilePermissions.fromString("r-x------"));
        Path sealed = Files.createDirectory(dir.path().resolve("sealed"));
        Files.writeString(sealed.resolve("inside"), "z");
        Files.setPosixFilePermissions(sealed, java.nio.file.attribute.PosixFilePermissions.fromString("---------"));
        Files.setPosixFilePermissions(dir.path(), java.nio.file.attribute.PosixFilePermissions.fromString("r-x------"));
        dir.close();
        assertThat(dir.path()).doesNotExist();
    }

    @Test
    @DisplayName("the path is absolute and named prefix + random + suffix")
    void nameShape() {
        try (TemporaryDirectory dir = await(temporaryDirectory(inParent().withPrefix("d_").withSuffix("_x")))) {
            assertThat(dir.path()).isAbsolute().hasParent(parent);
            assertThat(dir.path().getFileName().toString()).matches("d_[a-z2-7]{16}_x");
            assertThat(dir.delete()).isTrue();
            assertThat(dir.ignoreCleanupErrors()).isFalse();
        }
    }
}
