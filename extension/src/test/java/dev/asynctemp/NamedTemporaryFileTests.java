package dev.asynctemp;

import static dev.asynctemp.AsyncTempfile.namedTemporaryFile;
import static dev.asynctemp.AsyncTempfile.temporaryDirectory;
import static dev.asynctemp.Outcomes.await;
import static dev.asynctemp.Outcomes.failure;
import static java.nio.charset.StandardCharsets.UTF_8;
import static org.assertj.core.api.Assertions.assertThat;

import java.nio.channels.ClosedChannelException;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

@DisplayName("NamedTemporaryFile")
class NamedTemporaryFileTests {

    @TempDir
    Path dir;

    private TempOptions inDir() {
        return TempOptions.defaults().withDir(dir);
    }

    @Nested
    @DisplayName("ports of anyio's tests")
    class AnyioPorts {

        @Test
        @DisplayName("exists inside the block, round trips, and is gone after (test_named_temporary_file)")
        void namedTemporaryFile() {
            byte[] data = "named temporary file data".getBytes(UTF_8);
            Path path;
            try (NamedTemporaryFile<byte[]> file = await(AsyncTempfile.namedTemporaryFile())) {
                path = file.path();
                assertThat(path).exists();
                await(file.write(data));
                await(file.seek(0));
                assertThat(await(file.read())).isEqualTo(data);
            }
            assertThat(path).doesNotExist();
        }

        @Test
        @DisplayName("writing after the block fails (test_exception_handling)")
        void writeAfterClose() {
            NamedTemporaryFile<byte[]> escaped;
            try (NamedTemporaryFile<byte[]> file = await(AsyncTempfile.namedTemporaryFile())) {
                escaped = file;
                assertThat(file.path()).exists();
            }
            assertThat(escaped.path()).doesNotExist();
            failure(escaped.write("should fail".getBytes(UTF_8)), ClosedChannelException.class);
        }
    }

    @Test
    @DisplayName("name() is the absolute path: prefix + 16 random characters + suffix, inside dir")
    void nameShape() {
        try (var file = await(namedTemporaryFile(Mode.TEXT, inDir().withPrefix("report-").withSuffix(".csv")))) {
            assertThat(file.path()).isAbsolute().hasParent(dir);
            assertThat(file.name()).isEqualTo(file.path().toString());
            assertThat(file.path().getFileName().toString()).matches("report-[a-z2-7]{16}\\.csv");
            assertThat(file.delete()).isTrue();
            assertThat(file.deleteOnClose()).isTrue();
        }
    }

    @Test
    @DisplayName("delete=false leaves the file with its content after close")
    void deleteFalse() throws Exception {
        Path path;
        try (var file = await(namedTemporaryFile(Mode.TEXT, inDir().withDelete(false)))) {
            path = file.path();
            await(file.write("kept"));
        }
        assertThat(path).hasContent("kept");
        Files.delete(path);
    }

    @Test
    @DisplayName("deleteOnClose=false: closeHandle keeps the file for others, close removes it")
    void deleteOnCloseFalse() throws Exception {
        var file = await(namedTemporaryFile(Mode.TEXT, inDir().withDeleteOnClose(false)));
        await(file.write("reopen me"));
        await(file.closeHandle());
        assertThat(file.isClosed()).isTrue();
        failure(file.read(), ClosedChannelException.class);
        assertThat(Files.readString(file.path(), UTF_8)).isEqualTo("reopen me");
        await(file.closeHandle());
        file.close();
        assertThat(file.path()).doesNotExist();
        file.close();
    }

    @Test
    @DisplayName("deleteOnClose=true (default): closeHandle already removes the file")
    void closeHandleRemoves() {
        var file = await(namedTemporaryFile(Mode.BINARY, inDir()));
        await(file.closeHandle());
        assertThat(file.path()).doesNotExist();
        file.close();
    }

    @Test
    @DisplayName("delete=false wins over deleteOnClose: neither close removes the file")
    void deleteFalseWinsOverDeleteOnClose() throws Exception {
        var file = await(namedTemporaryFile(Mode.BINARY, inDir().withDelete(false).withDeleteOnClose(true)));
        await(file.closeHandle());
        file.close();
        assertThat(file.path()).exists();
        Files.delete(file.path());
    }

    @Test
    @DisplayName("close succeeds when the file was already removed by someone else")
    void removedUnderneath() throws Exception {
        var file = await(namedTemporaryFile(Mode.BINARY, inDir()));
        Files.delete(file.path());
        file.close();
        assertThat(file.isClosed()).isTrue();
    }

    @Test
    @DisplayName("creating in a directory that was removed fails with NoSuchFileException, leaving nothing")
    void removedDirectory() {
        Path gone;
        try (var tmp = await(temporaryDirectory(inDir()))) {
            gone = tmp.path();
        }
        var error = failure(namedTemporaryFile(Mode.BINARY, inDir().withDir(gone)),
                java.nio.file.NoSuchFileException.class);
        assertThat(error).hasMessageContaining(gone.toString());
    }
}
