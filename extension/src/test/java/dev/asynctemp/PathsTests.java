package dev.asynctemp;

import static dev.asynctemp.AsyncTempfile.mkdtemp;
import static dev.asynctemp.AsyncTempfile.mkstemp;
import static dev.asynctemp.AsyncTempfile.namedTemporaryFile;
import static dev.asynctemp.AsyncTempfile.temporaryDirectory;
import static dev.asynctemp.Outcomes.await;
import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

@DisplayName("Paths: every creator returns os.path.abspath(dir) joined with the name")
class PathsTests {

    @TempDir
    Path dir;

    /** {@code dir} spelled relative to the working directory, through "." and a "sub/.." detour. */
    private Path unnormalised() throws Exception {
        Files.createDirectory(dir.resolve("sub"));
        Path relative = Path.of("").toAbsolutePath().relativize(dir);
        Path spelled = Path.of(".").resolve(relative).resolve("sub").resolve("..");
        assertThat(spelled.isAbsolute()).isFalse();
        return spelled;
    }

    @Test
    @DisplayName("mkstemp and mkdtemp with a relative, unnormalised dir return an absolute, normalised path")
    void lowLevel() throws Exception {
        var options = TempOptions.defaults().withDir(unnormalised());
        MkstempFile file = await(mkstemp(options));
        file.close();
        assertThat(file.path()).isAbsolute().hasParent(dir).isEqualTo(file.path().normalize());
        assertThat(file.path().toString()).doesNotContain("/./", "/../");
        Path made = await(mkdtemp(options));
        assertThat(made).isAbsolute().hasParent(dir).isDirectory();
        assertThat(made.toString()).doesNotContain("/./", "/../");
    }

    @Test
    @DisplayName("NamedTemporaryFile.name() and TemporaryDirectory.path() are normalised too")
    void objects() throws Exception {
        var options = TempOptions.defaults().withDir(unnormalised());
        try (var file = await(namedTemporaryFile(Mode.BINARY, options))) {
            assertThat(file.path()).isAbsolute().hasParent(dir).exists();
            assertThat(file.name()).isEqualTo(dir.resolve(file.path().getFileName()).toString());
        }
        try (var made = await(temporaryDirectory(options))) {
            assertThat(made.path()).isAbsolute().hasParent(dir).isDirectory();
            assertThat(made.path().toString()).doesNotContain("/./", "/../");
        }
    }
}
