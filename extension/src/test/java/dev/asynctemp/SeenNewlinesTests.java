package dev.asynctemp;

import static dev.asynctemp.AsyncTempfile.namedTemporaryFile;
import static dev.asynctemp.AsyncTempfile.spooledTemporaryFile;
import static dev.asynctemp.Outcomes.await;
import static java.nio.charset.StandardCharsets.UTF_8;
import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

/** {@code newlines()}, Python's {@code TextIOWrapper.newlines}: the kinds of line ending read so far. */
@DisplayName("newlines(): the line endings read so far, as Python's f.newlines")
class SeenNewlinesTests {

    @TempDir
    Path dir;

    private NamedTemporaryFile<String> withContent(Mode.Text mode, String content) throws Exception {
        var file = await(namedTemporaryFile(mode, TempOptions.defaults().withDir(dir)));
        Files.writeString(file.path(), content, UTF_8);
        return file;
    }

    @ParameterizedTest(name = "newline={0}")
    @EnumSource(value = Newline.class, names = {"UNIVERSAL", "UNTRANSLATED"})
    @DisplayName("None, then one kind, then a tuple in CPython's order \\r, \\n, \\r\\n")
    void growsAsLinesAreRead(Newline newline) throws Exception {
        try (var f = withContent(Mode.TEXT.withNewline(newline), "a\r\nb\nc\rd")) {
            assertThat(f.newlines()).isEmpty();
            await(f.readline());
            assertThat(f.newlines()).containsExactly("\r\n");
            await(f.readline());
            assertThat(f.newlines()).containsExactly("\n", "\r\n");
            await(f.read());
            assertThat(f.newlines()).containsExactly("\r", "\n", "\r\n");
        }
    }

    @Test
    @DisplayName("a \\r\\n split across two reads counts once, as \\r\\n")
    void pairAcrossReads() throws Exception {
        try (var f = withContent(Mode.TEXT.withNewline(Newline.UNTRANSLATED), "a\r\nb")) {
            assertThat(await(f.read(2))).isEqualTo("a\r");
            assertThat(f.newlines()).containsExactly("\r\n");
            assertThat(await(f.read())).isEqualTo("\nb");
            assertThat(f.newlines()).containsExactly("\r\n");
        }
    }

    @Test
    @DisplayName("forEachLine and readlines count too")
    void loops() throws Exception {
        try (var f = withContent(Mode.TEXT, "a\rb\n")) {
            await(f.forEachLine(line -> { }));
            assertThat(f.newlines()).containsExactly("\r", "\n");
        }
        try (var f = withContent(Mode.TEXT, "a\rb\r\n")) {
            await(f.readlines());
            assertThat(f.newlines()).containsExactly("\r", "\r\n");
        }
    }

    @Test
    @DisplayName("a write, a seek to 0 and a seek from the end start afresh (CPython resets its decoder); other seeks keep them")
    void resets() throws Exception {
        try (var f = withContent(Mode.TEXT, "a\nb\nc")) {
            await(f.readline());
            await(f.seek(1));
            assertThat(f.newlines()).containsExactly("\n");
            await(f.seek(0));
            assertThat(f.newlines()).isEmpty();
            await(f.readline());
            await(f.seek(0, Whence.END));
            assertThat(f.newlines()).isEmpty();
            await(f.seek(0));
            await(f.readline());
            await(f.write("x"));
            assertThat(f.newlines()).isEmpty();
        }
    }

    @Test
    @DisplayName("only universal newlines track them; binary files answer an empty list")
    void untracked() throws Exception {
        try (var f = withContent(Mode.TEXT.withNewline(Newline.LF), "a\r\nb\n")) {
            await(f.read());
            assertThat(f.newlines()).isEmpty();
        }
        try (var f = await(namedTemporaryFile(Mode.BINARY, TempOptions.defaults().withDir(dir)))) {
            await(f.write("a\nb\r\n".getBytes(UTF_8)));
            await(f.seek(0));
            await(f.read());
            assertThat(f.newlines()).isEmpty();
        }
    }

    @Test
    @DisplayName("a spooled file tracks them in memory, and starts afresh when it rolls over (a new file in CPython)")
    void spooled() {
        try (var f = spooledTemporaryFile(100, Mode.TEXT, TempOptions.defaults().withDir(dir))) {
            await(f.write("a\r\nb"));
            await(f.seek(0));
            await(f.readline());
            assertThat(f.newlines()).containsExactly("\r\n");
            await(f.rollover());
            assertThat(f.newlines()).isEmpty();
            await(f.readline());
            assertThat(f.newlines()).isEmpty();
        }
    }
}
