package dev.asynctemp;

import static dev.asynctemp.AsyncTempfile.mkdtemp;
import static dev.asynctemp.AsyncTempfile.mkstemp;
import static dev.asynctemp.AsyncTempfile.namedTemporaryFile;
import static dev.asynctemp.AsyncTempfile.options;
import static dev.asynctemp.AsyncTempfile.temporaryDirectory;
import static dev.asynctemp.AsyncTempfile.temporaryFile;
import static dev.asynctemp.Outcomes.await;
import static dev.asynctemp.Outcomes.failure;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.asynctemp.internal.Creation;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.condition.EnabledIf;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

@DisplayName("Guarantees")
@EnabledIf("isPosix")
class GuaranteesTests {

    @TempDir
    Path work;

    static boolean isPosix() {
        return Creation.isPosix();
    }

    private TempOptions inWork() {
        return TempOptions.defaults().withDir(work);
    }

    @Nested
    @DisplayName("permissions are owner-only from creation")
    class Permissions {

        @Test
        @DisplayName("mkstemp and NamedTemporaryFile files are exactly 0600")
        void files() throws Exception {
            MkstempFile made = await(mkstemp(inWork()));
            made.close();
            assertThat(Files.getPosixFilePermissions(made.path())).isEqualTo(PosixFilePermissions.fromString("rw-------"));
            try (var named = await(namedTemporaryFile(Mode.BINARY, inWork()))) {
                assertThat(Files.getPosixFilePermissions(named.path()))
                        .isEqualTo(PosixFilePermissions.fromString("rw-------"));
            }
        }

        @Test
        @DisplayName("mkdtemp and TemporaryDirectory directories are exactly 0700")
        void directories() throws Exception {
            Path made = await(mkdtemp(inWork()));
            assertThat(Files.getPosixFilePermissions(made)).isEqualTo(PosixFilePermissions.fromString("rwx------"));
            try (var dir = await(temporaryDirectory(inWork()))) {
                assertThat(Files.getPosixFilePermissions(dir.path()))
                        .isEqualTo(PosixFilePermissions.fromString("rwx------"));
            }
        }
    }

    @Nested
    @DisplayName("deletion never leaves the tree")
    class Links {

        Canaries canaries;

        @BeforeEach
        void plant() throws IOException {
            canaries = new Canaries(Files.createDirectory(work.resolve("outside")));
        }

        @AfterEach
        void release() throws IOException {
            canaries.release();
        }

        @Test
        @DisplayName("links to outside files and directories, dangling links, loops and hard links: only the links go")
        void linksInsideTemporaryDirectory() throws Exception {
            TemporaryDirectory dir = await(temporaryDirectory(inWork()));
            canaries.plantLinksIn(dir.path());
            dir.close();
            assertThat(dir.path()).doesNotExist();
            canaries.assertUntouched();
        }

        @Test
        @DisplayName("a link to an outside directory inside a 0000 directory: the link goes, the target keeps its mode")
        void linkInsideLockedDirectory() throws Exception {
            TemporaryDirectory dir = await(temporaryDirectory(inWork()));
            Path locked = Files.createDirectory(dir.path().resolve("locked"));
            Files.createSymbolicLink(locked.resolve("to-dir"), canaries.dir);
            Files.setPosixFilePermissions(locked, PosixFilePermissions.fromString("---------"));
            dir.close();
            assertThat(dir.path()).doesNotExist();
            canaries.assertUntouched();
        }

        @Test
        @DisplayName("a TemporaryDirectory replaced by a link: cleanup removes the link, not the target's content")
        void rootReplacedByLink() throws Exception {
            TemporaryDirectory dir = await(temporaryDirectory(inWork()));
            Files.delete(dir.path());
            Files.createSymbolicLink(dir.path(), canaries.dir);
            dir.close();
            assertThat(Files.exists(dir.path(), LinkOption.NOFOLLOW_LINKS)).isFalse();
            canaries.assertUntouched();
        }

        @Test
        @DisplayName("a NamedTemporaryFile replaced by a link: close removes the link only")
        void namedFileReplacedByLink() throws Exception {
            var file = await(namedTemporaryFile(Mode.BINARY, inWork()));
            Files.delete(file.path());
            Files.createSymbolicLink(file.path(), canaries.file);
            file.close();
            assertThat(Files.exists(file.path(), LinkOption.NOFOLLOW_LINKS)).isFalse();
            canaries.assertUntouched();
        }
    }

    @Nested
    @DisplayName("a failed deletion names every path it could not remove")
    class FailedDeletion {

        @Test
        @DisplayName("as root: immutable files (chattr +i) are each listed with their cause")
        @EnabledIf("dev.asynctemp.GuaranteesTests#canMakeImmutable")
        void immutableFiles() throws Exception {
            TemporaryDirectory dir = await(temporaryDirectory(inWork()));
            Path a = Files.writeString(Files.createDirectories(dir.path().resolve("x/y")).resolve("a"), "a");
            Path b = Files.writeString(dir.path().resolve("b"), "b");
            Files.writeString(dir.path().resolve("removable"), "c");
            chattr("+i", a, b);
            try {
                var error = failure(dir.cleanup(), CleanupException.class);
                assertThat(error.failures()).containsOnlyKeys(a, b);
                assertThat(error).hasMessageContaining(a.toString()).hasMessageContaining(b.toString())
                        .hasMessageContaining("2 paths left");
                assertThat(error.getSuppressed()).hasSize(2);
                assertThat(dir.path().resolve("removable")).doesNotExist();
                assertThatThrownBy(dir::close).hasCauseInstanceOf(CleanupException.class);
            } finally {
                chattr("-i", a, b);
            }
            await(dir.cleanup());
            assertThat(dir.path()).doesNotExist();
        }

        @Test
        @DisplayName("ignoreCleanupErrors: cleanup completes and leaves what it could not remove")
        @EnabledIf("dev.asynctemp.GuaranteesTests#canMakeImmutable")
        void ignoreCleanupErrors() throws Exception {
            TemporaryDirectory dir = await(temporaryDirectory(inWork().withIgnoreCleanupErrors(true)));
            Path a = Files.writeString(dir.path().resolve("a"), "a");
            chattr("+i", a);
            try {
                await(dir.cleanup());
                dir.close();
                assertThat(a).exists();
            } finally {
                chattr("-i", a);
            }
            await(dir.cleanup());
            assertThat(dir.path()).doesNotExist();
        }
    }

    static boolean canMakeImmutable() {
        try {
            Path probe = Files.createTempFile("asynctemp-chattr", "");
            try {
                return chattr("+i", probe) && chattr("-i", probe);
            } finally {
                Files.deleteIfExists(probe);
            }
        } catch (IOException e) {
            return false;
        }
    }

    static boolean chattr(String flag, Path... paths) throws IOException {
        var command = new ArrayList<>(List.of("chattr", flag));
        Stream.of(paths).map(Path::toString).forEach(command::add);
        try {
            return new ProcessBuilder(command).redirectErrorStream(true).start().waitFor() == 0;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return false;
        } catch (IOException noChattr) {
            return false;
        }
    }

    @Nested
    @DisplayName("failures leave nothing on disk and no handle open")
    class FailureSafety {

        @Test
        @DisplayName("100 failed creations in a missing directory leave no file")
        void failedCreations() throws Exception {
            Path missing = work.resolve("missing");
            for (int i = 0; i < 100; i++) {
                failure(temporaryFile(Mode.BINARY, inWork().withDir(missing)), NoSuchFileException.class);
                failure(namedTemporaryFile(Mode.TEXT, inWork().withDir(missing)), NoSuchFileException.class);
                failure(mkstemp(inWork().withDir(missing)), NoSuchFileException.class);
                failure(temporaryDirectory(inWork().withDir(missing)), NoSuchFileException.class);
            }
            try (Stream<Path> left = Files.list(work)) {
                assertThat(left).isEmpty();
            }
        }

        @Test
        @DisplayName("closed files release their descriptors")
        void closedFilesReleaseDescriptors() throws Exception {
            for (int i = 0; i < 200; i++) {
                temporaryFile(Mode.BINARY, inWork()).join().close();
                namedTemporaryFile(Mode.BINARY, inWork()).join().close();
            }
            assertThat(OpenDescriptors.under(work)).isEmpty();
            try (Stream<Path> left = Files.list(work)) {
                assertThat(left).isEmpty();
            }
        }
    }

    @Nested
    @DisplayName("prefix and suffix are validated at once, naming the argument")
    class NameValidation {

        @ParameterizedTest(name = "prefix {0}")
        @ValueSource(strings = {"a/b", "a\\b", "..", "x..y", "nul\0"})
        void badPrefix(String prefix) {
            assertThatThrownBy(() -> TempOptions.defaults().withPrefix(prefix))
                    .isInstanceOf(IllegalArgumentException.class).hasMessageStartingWith("prefix must not contain");
            assertThatThrownBy(() -> mkstemp(options().withPrefix(prefix)))
                    .isInstanceOf(IllegalArgumentException.class).hasMessageStartingWith("prefix must not contain");
        }

        @ParameterizedTest(name = "suffix {0}")
        @ValueSource(strings = {"/etc", "\\x", "../up", "\0"})
        void badSuffix(String suffix) {
            assertThatThrownBy(() -> TempOptions.defaults().withSuffix(suffix))
                    .isInstanceOf(IllegalArgumentException.class).hasMessageStartingWith("suffix must not contain");
            assertThatThrownBy(() -> mkdtemp(options().withSuffix(suffix)))
                    .isInstanceOf(IllegalArgumentException.class).hasMessageStartingWith("suffix must not contain");
        }

        @Test
        @DisplayName("a name too long for the file system is refused before any I/O")
        void tooLong() {
            assertThatThrownBy(() -> TempOptions.defaults().withPrefix("p".repeat(300)))
                    .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("prefix is too long");
            var options = TempOptions.defaults().withPrefix("p".repeat(200)).withSuffix("s".repeat(40));
            assertThatThrownBy(() -> mkstemp(options))
                    .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("prefix and suffix are too long");
            var fits = TempOptions.defaults().withPrefix("p".repeat(200)).withSuffix("s".repeat(39)).withDir(work);
            assertThat(await(mkdtemp(fits)).getFileName().toString()).hasSize(255);
        }

        @Test
        @DisplayName("non-ASCII and emoji are fine")
        void unicode() throws Exception {
            try (var file = await(namedTemporaryFile(Mode.BINARY, inWork().withPrefix("données-").withSuffix("-😀")))) {
                assertThat(file.path().getFileName().toString()).startsWith("données-").endsWith("-😀");
            }
        }

        @Test
        @DisplayName("null is refused with the argument's name")
        void nulls() {
            assertThatThrownBy(() -> TempOptions.defaults().withPrefix(null)).hasMessage("prefix must not be null");
            assertThatThrownBy(() -> TempOptions.defaults().withSuffix(null)).hasMessage("suffix must not be null");
            assertThatThrownBy(() -> TempOptions.defaults().withDir(null)).hasMessage("dir must not be null");
            assertThatThrownBy(() -> TempOptions.defaults().withExecutor(null)).hasMessage("executor must not be null");
            assertThatThrownBy(() -> temporaryFile(null)).hasMessage("mode must not be null");
            assertThatThrownBy(() -> temporaryDirectory(null)).hasMessage("options must not be null");
        }
    }
}
