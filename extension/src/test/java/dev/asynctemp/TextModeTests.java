package dev.asynctemp;

import static dev.asynctemp.AsyncTempfile.namedTemporaryFile;
import static dev.asynctemp.AsyncTempfile.temporaryFile;
import static dev.asynctemp.Outcomes.await;
import static dev.asynctemp.Outcomes.failure;
import static java.nio.charset.StandardCharsets.ISO_8859_1;
import static java.nio.charset.StandardCharsets.UTF_16LE;
import static java.nio.charset.StandardCharsets.UTF_8;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.ByteBuffer;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.CodingErrorAction;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.EnumSource;

@DisplayName("Text mode")
class TextModeTests {

    @TempDir
    Path dir;

    private NamedTemporaryFile<String> textFile(Mode<String> mode) {
        return await(namedTemporaryFile(mode, TempOptions.defaults().withDir(dir)));
    }

    /** Writes raw bytes through the file's path, then returns a text view positioned at 0. */
    private NamedTemporaryFile<String> withBytes(Mode<String> mode, byte[] content) throws Exception {
        var file = textFile(mode);
        Files.write(file.path(), content);
        return file;
    }

    @Test
    @DisplayName("the seed's TemporaryFile example: write, seek, read")
    void seedExample() {
        try (TemporaryFile<String> f = await(temporaryFile(Mode.TEXT))) {
            assertThat(await(f.write("Temporary file content"))).isEqualTo(22);
            await(f.seek(0));
            assertThat(await(f.read())).isEqualTo("Temporary file content");
        }
    }

    @Test
    @DisplayName("positions are byte offsets into the encoded file")
    void positionsAreByteOffsets() {
        try (var f = textFile(Mode.TEXT)) {
            assertThat(await(f.write("héllo"))).isEqualTo(5);
            assertThat(await(f.tell())).isEqualTo(6L);
            await(f.seek(3));
            assertThat(await(f.read())).isEqualTo("llo");
            await(f.seek(0));
            assertThat(await(f.read(2))).isEqualTo("hé");
            assertThat(await(f.tell())).isEqualTo(3L);
        }
    }

    @Test
    @DisplayName("read(n) counts chars, never splits a surrogate pair, and stops at the end")
    void readCountsChars() {
        try (var f = textFile(Mode.TEXT)) {
            await(f.write("a😀b"));
            await(f.seek(0));
            assertThat(await(f.read(2))).isEqualTo("a");
            assertThat(await(f.tell())).isEqualTo(1L);
            assertThat(await(f.read(1))).isEqualTo("😀");
            assertThat(await(f.tell())).isEqualTo(5L);
            assertThat(await(f.read(10))).isEqualTo("b");
            assertThat(await(f.read(10))).isEmpty();
        }
    }

    @Test
    @DisplayName("a large read(n) ends exactly after the n-th char")
    void largeSizedRead() {
        String text = "ü".repeat(100_000);
        try (var f = textFile(Mode.TEXT)) {
            await(f.write(text));
            await(f.seek(0));
            assertThat(await(f.read(70_001))).hasSize(70_001);
            assertThat(await(f.tell())).isEqualTo(140_002L);
            assertThat(await(f.read())).hasSize(29_999);
        }
    }

    @Test
    @DisplayName("another charset encodes and decodes with it")
    void otherCharset() throws Exception {
        try (var f = textFile(Mode.TEXT.withCharset(UTF_16LE))) {
            await(f.write("ab"));
            assertThat(Files.readAllBytes(f.path())).containsExactly('a', 0, 'b', 0);
            await(f.seek(2));
            assertThat(await(f.read())).isEqualTo("b");
        }
    }

    @Test
    @DisplayName("readinto is binary only")
    void readintoRefused() {
        try (var f = textFile(Mode.TEXT)) {
            assertThatThrownBy(() -> f.readinto(ByteBuffer.allocate(1)))
                    .isInstanceOf(UnsupportedOperationException.class).hasMessageContaining("binary mode");
        }
    }

    @Nested
    @DisplayName("coding errors")
    class CodingErrors {

        @Test
        @DisplayName("strict: a malformed byte fails the read and keeps the position")
        void strictRead() throws Exception {
            try (var f = withBytes(Mode.TEXT, new byte[] {'o', 'k', (byte) 0xff, 'x'})) {
                failure(f.read(), CharacterCodingException.class);
                assertThat(await(f.tell())).isZero();
                assertThat(await(f.read(2))).isEqualTo("ok");
                failure(f.readline(), CharacterCodingException.class);
            }
        }

        @Test
        @DisplayName("replace and ignore: read goes on")
        void lenientRead() throws Exception {
            byte[] bad = {'o', 'k', (byte) 0xff, 'x'};
            try (var f = withBytes(Mode.TEXT.withErrors(CodingErrorAction.REPLACE), bad)) {
                assertThat(await(f.read())).isEqualTo("ok\uFFFDx");
            }
            try (var f = withBytes(Mode.TEXT.withErrors(CodingErrorAction.IGNORE), bad)) {
                assertThat(await(f.read())).isEqualTo("okx");
                await(f.seek(0));
                assertThat(await(f.readline())).isEqualTo("okx");
            }
        }

        @Test
        @DisplayName("strict: an unmappable char fails the write and writes nothing of it; writelines keeps the elements before, as CPython's")
        void strictWrite() throws Exception {
            try (var f = textFile(Mode.TEXT.withCharset(ISO_8859_1))) {
                failure(f.write("price: 5€"), CharacterCodingException.class);
                assertThat(await(f.tell())).isZero();
                assertThat(Files.size(f.path())).isZero();
                failure(f.writelines(List.of("fine\n", "5€", "never\n")), CharacterCodingException.class);
                assertThat(await(f.tell())).isEqualTo(5);
                assertThat(await(f.write("café"))).isEqualTo(4);
                assertThat(Files.readAllBytes(f.path())).isEqualTo("fine\ncafé".getBytes(ISO_8859_1));
            }
        }

        @Test
        @DisplayName("replace: an unmappable char is written as the replacement")
        void replaceWrite() throws Exception {
            try (var f = textFile(Mode.TEXT.withCharset(ISO_8859_1).withErrors(CodingErrorAction.REPLACE))) {
                await(f.write("5€"));
                assertThat(Files.readAllBytes(f.path())).isEqualTo("5?".getBytes(ISO_8859_1));
            }
        }
    }

    @Nested
    @DisplayName("newlines")
    class Newlines {

        private static final byte[] MIXED = "a\nb\r\nc\rd".getBytes(UTF_8);

        @ParameterizedTest(name = "{0}: lines {1}")
        @CsvSource(delimiter = '|', value = {
            "UNIVERSAL    | a\\n,b\\n,c\\n,d",
            "UNTRANSLATED | a\\n,b\\r\\n,c\\r,d",
            "LF           | a\\n,b\\r\\n,c\\rd",
            "CR           | a\\nb\\r,\\nc\\r,d",
            "CRLF         | a\\nb\\r\\n,c\\rd",
        })
        @DisplayName("readlines splits as Python's newline argument does")
        void readlines(Newline newline, String expected) throws Exception {
            var lines = List.of(expected.replace("\\n", "\n").replace("\\r", "\r").split(","));
            try (var f = withBytes(Mode.TEXT.withNewline(newline), MIXED)) {
                assertThat(await(f.readlines())).containsExactlyElementsOf(lines);
                assertThat(await(f.tell())).isEqualTo((long) MIXED.length);
            }
        }

        @Test
        @DisplayName("universal: read() and read(n) translate \\r\\n and \\r to \\n")
        void universalRead() throws Exception {
            try (var f = withBytes(Mode.TEXT, MIXED)) {
                assertThat(await(f.read())).isEqualTo("a\nb\nc\nd");
                await(f.seek(0));
                assertThat(await(f.read(4))).isEqualTo("a\nb\n");
                assertThat(await(f.tell())).isEqualTo(5L);
                assertThat(await(f.read(1))).isEqualTo("c");
            }
        }

        @Test
        @DisplayName("universal: \\r\\n split across read(n) calls is one newline")
        void universalCrLfAcrossReads() throws Exception {
            try (var f = withBytes(Mode.TEXT, "x\r\ny".getBytes(UTF_8))) {
                assertThat(await(f.read(2))).isEqualTo("x\n");
                assertThat(await(f.tell())).isEqualTo(3L);
                assertThat(await(f.read())).isEqualTo("y");
            }
        }

        @ParameterizedTest
        @EnumSource(Newline.class)
        @DisplayName("a \\r\\n that straddles the decoding window stays one line end")
        void lineEndAcrossWindow(Newline newline) throws Exception {
            String first = "x".repeat(1023) + "\r\n";
            try (var f = withBytes(Mode.TEXT.withNewline(newline), (first + "second").getBytes(UTF_8))) {
                String line = await(f.readline());
                if (newline == Newline.CR) {
                    assertThat(line).isEqualTo("x".repeat(1023) + "\r");
                } else if (newline == Newline.UNIVERSAL) {
                    assertThat(line).isEqualTo("x".repeat(1023) + "\n");
                } else {
                    assertThat(line).isEqualTo(first);
                }
                assertThat(await(f.readlines())).last().asString().endsWith("second");
            }
        }

        @ParameterizedTest(name = "{0} writes {1}")
        @CsvSource(delimiter = '|', value = {
            "UNTRANSLATED | a\\nb",
            "LF           | a\\nb",
            "CR           | a\\rb",
            "CRLF         | a\\r\\nb",
        })
        @DisplayName("write translates \\n as Python's newline argument does")
        void writeTranslation(Newline newline, String expected) throws Exception {
            try (var f = textFile(Mode.TEXT.withNewline(newline))) {
                assertThat(await(f.write("a\nb"))).isEqualTo(3);
                assertThat(new String(Files.readAllBytes(f.path()), UTF_8))
                        .isEqualTo(expected.replace("\\n", "\n").replace("\\r", "\r"));
            }
        }

        @Test
        @DisplayName("universal writes the platform's line separator")
        void universalWrite() throws Exception {
            try (var f = textFile(Mode.TEXT)) {
                await(f.write("a\nb"));
                assertThat(new String(Files.readAllBytes(f.path()), UTF_8))
                        .isEqualTo("a" + System.lineSeparator() + "b");
            }
        }

        @Test
        @DisplayName("forEachLine visits each line")
        void forEachLine() throws Exception {
            try (var f = withBytes(Mode.TEXT, MIXED)) {
                var seen = new ArrayList<String>();
                await(f.forEachLine(seen::add));
                assertThat(seen).containsExactly("a\n", "b\n", "c\n", "d");
            }
        }
    }

    @Test
    @DisplayName("Mode.Text rejects null components, naming them")
    void modeChecks() {
        assertThatThrownBy(() -> Mode.TEXT.withCharset(null)).hasMessageContaining("charset");
        assertThatThrownBy(() -> Mode.TEXT.withErrors(null)).hasMessageContaining("errors");
        assertThatThrownBy(() -> Mode.TEXT.withNewline(null)).hasMessageContaining("newline");
        assertThat(Mode.TEXT.charset()).isEqualTo(UTF_8);
        assertThat(Mode.TEXT.elementType()).isEqualTo(String.class);
        assertThat(Mode.BINARY.elementType()).isEqualTo(byte[].class);
    }
}
