package dev.asynctemp.hardening;

import static dev.asynctemp.AsyncTempfile.mkdtemp;
import static dev.asynctemp.AsyncTempfile.namedTemporaryFile;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.asynctemp.MkstempFile;
import dev.asynctemp.Mode;
import dev.asynctemp.TempOptions;
import dev.asynctemp.internal.Names;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

@DisplayName("Names under pressure")
class NamesHardeningTests {

    @TempDir
    Path dir;

    @Test
    @DisplayName("1,000,000 generated names are all different")
    void millionUniqueNames() {
        var seen = new HashSet<String>(2_000_000);
        for (int i = 0; i < 1_000_000; i++) {
            if (!seen.add(Names.next("", ""))) {
                throw new AssertionError("collision after " + i + " names");
            }
        }
        assertThat(seen).hasSize(1_000_000);
    }

    /** Run in each child JVM: creates files in one shared directory, prints how many. */
    public static void main(String[] args) throws Exception {
        Path shared = Path.of(args[0]);
        int count = Integer.parseInt(args[1]);
        var options = TempOptions.defaults().withDir(shared);
        var pending = new ArrayList<java.util.concurrent.CompletableFuture<MkstempFile>>();
        for (int i = 0; i < count; i++) {
            pending.add(dev.asynctemp.AsyncTempfile.mkstemp(options));
            if (pending.size() == 200) {
                closeAll(pending);
            }
        }
        closeAll(pending);
        System.out.println("created " + count);
    }

    private static void closeAll(List<java.util.concurrent.CompletableFuture<MkstempFile>> pending) throws IOException {
        for (var made : pending) {
            made.join().close();
        }
        pending.clear();
    }

    @Test
    @DisplayName("4 JVMs creating 10,000 files each in one directory at the same time: 40,000 files, no collision")
    void severalJvms() throws Exception {
        String java = Path.of(System.getProperty("java.home"), "bin", "java").toString();
        var processes = new ArrayList<Process>();
        for (int i = 0; i < 4; i++) {
            processes.add(new ProcessBuilder(java, "-cp", System.getProperty("java.class.path"),
                    NamesHardeningTests.class.getName(), dir.toString(), "10000").redirectErrorStream(true).start());
        }
        for (Process process : processes) {
            assertThat(process.waitFor(120, TimeUnit.SECONDS)).isTrue();
            assertThat(new String(process.getInputStream().readAllBytes())).contains("created 10000");
            assertThat(process.exitValue()).isZero();
        }
        try (Stream<Path> files = Files.list(dir)) {
            assertThat(files.count()).isEqualTo(40_000);
        }
    }

    @ParameterizedTest(name = "{0}: {1}")
    @CsvSource(delimiter = '|', value = {
        "'a/b'            | refused: path separator",
        "'a\\b'           | refused: path separator",
        "'..'             | refused: ..",
        "'x..y'           | refused: ..",
        "'with NUL'       | refused: NUL",
        "'300 characters' | refused: too long",
        "'CON'            | safe name",
        "'NUL.'           | safe name",
        "'com1'           | safe name",
        "'données-'       | safe name",
        "'😀-'            | safe name",
        "' '              | safe name",
        "'-rf '           | safe name",
        "'.hidden-'       | safe name",
    })
    @DisplayName("bad and unusual prefixes and suffixes get a clear error or a safe name")
    void unusualNames(String affix, String expected) throws Exception {
        // Spelled out in the table: a CSV source cannot carry 300 characters legibly, nor NUL at all.
        String value = switch (affix) {
            case "300 characters" -> "p".repeat(300);
            case "with NUL" -> "nul\0";
            default -> affix;
        };
        for (boolean asPrefix : new boolean[] {true, false}) {
            if (expected.startsWith("refused")) {
                assertThatThrownBy(() -> {
                    if (asPrefix) {
                        TempOptions.defaults().withPrefix(value);
                    } else {
                        TempOptions.defaults().withSuffix(value);
                    }
                })
                        .isInstanceOf(IllegalArgumentException.class)
                        .hasMessageStartingWith(asPrefix ? "prefix" : "suffix");
                continue;
            }
            var options = asPrefix ? TempOptions.defaults().withPrefix(value) : TempOptions.defaults().withSuffix(value);
            try (var file = namedTemporaryFile(Mode.BINARY, options.withDir(dir)).join()) {
                // Directly inside dir, with the affix kept as given: no separator could sneak in.
                assertThat(file.path().getParent()).isEqualTo(dir);
                String name = file.path().getFileName().toString();
                assertThat(asPrefix ? name.startsWith(value) : name.endsWith(value)).isTrue();
            }
            Path made = mkdtemp(options.withDir(dir)).join();
            assertThat(made.getParent()).isEqualTo(dir);
            Files.delete(made);
        }
    }
}
