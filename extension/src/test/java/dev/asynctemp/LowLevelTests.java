package dev.asynctemp;

import static dev.asynctemp.AsyncTempfile.gettempdir;
import static dev.asynctemp.AsyncTempfile.gettempdirb;
import static dev.asynctemp.AsyncTempfile.mkdtemp;
import static dev.asynctemp.AsyncTempfile.mkstemp;
import static dev.asynctemp.AsyncTempfile.options;
import static dev.asynctemp.Outcomes.await;
import static dev.asynctemp.Outcomes.failure;
import static java.nio.charset.StandardCharsets.UTF_8;
import static org.assertj.core.api.Assertions.assertThat;

import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.file.AccessDeniedException;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.NotDirectoryException;
import java.nio.file.Path;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.api.parallel.ResourceLock;

@DisplayName("mkstemp, mkdtemp, gettempdir, gettempdirb")
class LowLevelTests {

    @TempDir
    Path dir;

    @Test
    @DisplayName("mkstemp: content written through the channel reads back through the path (test_mkstemp)")
    void mkstempRoundTrip() throws Exception {
        MkstempFile made = await(mkstemp(options().withSuffix(".txt").withPrefix("mkstemp_")));
        assertThat(made.path()).isAbsolute();
        assertThat(made.path().getFileName().toString()).startsWith("mkstemp_").endsWith(".txt");
        try (FileChannel channel = made.channel()) {
            channel.write(ByteBuffer.wrap("mkstemp".getBytes(UTF_8)));
        }
        assertThat(Files.readString(made.path(), UTF_8)).isEqualTo("mkstemp");
        Files.delete(made.path());
    }

    @Test
    @DisplayName("mkstemp: closing the result closes the channel and keeps the file")
    void mkstempClose() throws Exception {
        MkstempFile made = await(mkstemp(TempOptions.defaults().withDir(dir)));
        made.close();
        assertThat(made.channel().isOpen()).isFalse();
        assertThat(made.path()).exists().hasParent(dir);
    }

    @Test
    @DisplayName("mkdtemp: the result is a directory (test_mkdtemp)")
    void mkdtempIsDirectory() throws Exception {
        Path made = await(mkdtemp(options().withPrefix("mkdtemp_")));
        assertThat(made).isDirectory().isAbsolute();
        assertThat(made.getFileName().toString()).startsWith("mkdtemp_");
        Files.delete(made);
    }

    @Test
    @DisplayName("options() is the defaults: prefix tmp, no suffix, the temp root")
    void defaultOptions() throws Exception {
        assertThat(options()).isSameAs(TempOptions.defaults());
        Path made = await(mkdtemp(options().withDir(dir)));
        assertThat(made.getFileName().toString()).matches("tmp[a-z2-7]{16}");
        MkstempFile file = await(mkstemp(options().withDir(dir)));
        file.close();
        assertThat(file.path().getFileName().toString()).matches("tmp[a-z2-7]{16}");
    }

    @Test
    @DisplayName("no creator takes prefix and suffix as two positional Strings, in either order")
    void noPositionalNames() {
        // mkstemp("export-", ".csv", null) in Python's (suffix, prefix, dir) order made ".csv…export-".
        assertThat(AsyncTempfile.class.getMethods())
                .filteredOn(method -> method.getDeclaringClass() == AsyncTempfile.class)
                .allSatisfy(method -> assertThat(java.util.Arrays.stream(method.getParameterTypes())
                        .filter(type -> type == String.class)).as(method.toString()).hasSizeLessThan(2));
    }

    @Nested
    @DisplayName("gettempdir")
    @ResourceLock("system-property:asynctemp.tmpdir")
    class GettempdirTests {

        @AfterEach
        void clearProperty() {
            System.clearProperty("asynctemp.tmpdir");
        }

        @Test
        @DisplayName("defaults to java.io.tmpdir, and gettempdirb is the same path as bytes (test_gettemp_functions)")
        void defaultRoot() {
            Path root = await(gettempdir());
            assertThat(root).isEqualTo(Path.of(System.getProperty("java.io.tmpdir")).toAbsolutePath().normalize());
            assertThat(await(gettempdirb())).isEqualTo(root.toString().getBytes(
                    java.nio.charset.Charset.forName(System.getProperty("sun.jnu.encoding", "UTF-8"))));
        }

        @Test
        @DisplayName("asynctemp.tmpdir overrides java.io.tmpdir, for gettempdir and for creation")
        void configuredRoot() throws Exception {
            System.setProperty("asynctemp.tmpdir", dir.toString());
            assertThat(await(gettempdir())).isEqualTo(dir);
            assertThat(new String(await(gettempdirb()), UTF_8)).isEqualTo(dir.toString());
            try (var file = await(AsyncTempfile.namedTemporaryFile())) {
                assertThat(file.path()).hasParent(dir);
            }
        }

        @Test
        @DisplayName("a missing, non-directory or unwritable root fails with an error naming the property")
        void badRoot() throws Exception {
            System.setProperty("asynctemp.tmpdir", dir.resolve("missing").toString());
            assertThat(failure(gettempdir(), NoSuchFileException.class)).hasMessageContaining("asynctemp.tmpdir");
            assertThat(failure(mkstemp(), NoSuchFileException.class)).hasMessageContaining("does not exist");

            System.setProperty("asynctemp.tmpdir", Files.createFile(dir.resolve("plain")).toString());
            assertThat(failure(gettempdir(), NotDirectoryException.class)).hasMessageContaining("asynctemp.tmpdir");

            if (!isRoot()) {
                Path readOnly = Files.createDirectory(dir.resolve("ro"));
                readOnly.toFile().setWritable(false);
                System.setProperty("asynctemp.tmpdir", readOnly.toString());
                assertThat(failure(gettempdir(), AccessDeniedException.class)).hasMessageContaining("not writable");
            }
        }
    }

    static boolean isRoot() {
        return "root".equals(System.getProperty("user.name"));
    }
}
