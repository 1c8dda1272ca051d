package dev.asynctemp.examples;

import static dev.asynctemp.AsyncTempfile.gettempdir;
import static dev.asynctemp.AsyncTempfile.mkdtemp;
import static dev.asynctemp.AsyncTempfile.mkstemp;
import static dev.asynctemp.AsyncTempfile.namedTemporaryFile;
import static dev.asynctemp.AsyncTempfile.options;
import static dev.asynctemp.AsyncTempfile.spooledTemporaryFile;
import static dev.asynctemp.AsyncTempfile.temporaryDirectory;
import static dev.asynctemp.AsyncTempfile.temporaryFile;
import static org.assertj.core.api.Assertions.assertThat;

import dev.asynctemp.Mode;
import dev.asynctemp.MkstempFile;
import dev.asynctemp.NamedTemporaryFile;
import dev.asynctemp.SpooledTemporaryFile;
import dev.asynctemp.TempOptions;
import dev.asynctemp.TemporaryDirectory;
import dev.asynctemp.TemporaryFile;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestMethodOrder;

/**
 * The examples of anyio's tempfile documentation, in Java. Each prints what the Python version
 * prints; the README's seed snippets are cut from here (between the "snippet" markers).
 */
@DisplayName("The seed's examples")
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class SeedExamples {

    @Test
    @Order(1)
    @DisplayName("TemporaryFile")
    void temporaryFileExample() {
        try (var out = new Transcript("TemporaryFile")) {
            // snippet: temporary-file
            try (TemporaryFile<String> f = temporaryFile(Mode.TEXT).join()) {
                f.write("Temporary file content").join();
                f.seek(0).join();
                System.out.println(f.read().join());  // Output: Temporary file content
            }
            // end snippet
            assertThat(out.lines()).containsExactly("Temporary file content");
        }
    }

    @Test
    @Order(2)
    @DisplayName("NamedTemporaryFile")
    void namedTemporaryFileExample() {
        try (var out = new Transcript("NamedTemporaryFile")) {
            // snippet: named-temporary-file
            try (NamedTemporaryFile<String> f = namedTemporaryFile(Mode.TEXT).join()) {
                System.out.println("Temporary file name: " + f.name());
                f.write("Named temp file content").join();
                f.seek(0).join();
                System.out.println(f.read().join());
            }
            // end snippet
            assertThat(out.lines()).hasSize(2).endsWith("Named temp file content");
            Path name = Path.of(out.lines().get(0).substring("Temporary file name: ".length()));
            assertThat(name).isAbsolute().doesNotExist();
        }
    }

    @Test
    @Order(3)
    @DisplayName("SpooledTemporaryFile")
    void spooledTemporaryFileExample() {
        try (var out = new Transcript("SpooledTemporaryFile")) {
            // snippet: spooled-temporary-file
            try (SpooledTemporaryFile<String> f = spooledTemporaryFile(1024, Mode.TEXT)) {
                f.write("Spooled temp file content").join();
                f.seek(0).join();
                System.out.println(f.read().join());
            }
            // end snippet
            assertThat(out.lines()).containsExactly("Spooled temp file content");
        }
    }

    @Test
    @Order(4)
    @DisplayName("SpooledTemporaryFile rolling over")
    void spooledRolloverExample() {
        try (var out = new Transcript("SpooledTemporaryFile rolling over")) {
            // snippet: spooled-rollover
            try (SpooledTemporaryFile<byte[]> upload = spooledTemporaryFile(10)) {
                upload.write("0123456789".getBytes()).join();      // exactly maxSize: still in memory
                System.out.println("10 bytes, on disk? " + upload.isRolledOver());
                upload.write("!".getBytes()).join();               // one byte more: moved to disk
                System.out.println("11 bytes, on disk? " + upload.isRolledOver());
                upload.seek(0).join();
                System.out.println("content: " + new String(upload.read().join()));
            }
            // end snippet
            assertThat(out.lines()).containsExactly("10 bytes, on disk? false", "11 bytes, on disk? true",
                    "content: 0123456789!");
        }
    }

    @Test
    @Order(5)
    @DisplayName("TemporaryDirectory")
    void temporaryDirectoryExample() {
        try (var out = new Transcript("TemporaryDirectory")) {
            // snippet: temporary-directory
            try (TemporaryDirectory dir = temporaryDirectory().join()) {
                System.out.println("Temporary directory path: " + dir.path());
            }
            // end snippet
            assertThat(out.lines()).singleElement().asString().startsWith("Temporary directory path: /");
            Path path = Path.of(out.lines().get(0).substring("Temporary directory path: ".length()));
            assertThat(path).doesNotExist();
        }
    }

    @Test
    @Order(6)
    @DisplayName("mkstemp, mkdtemp, gettempdir")
    void lowLevelExample() throws IOException {
        try (var out = new Transcript("Low-level functions")) {
            // snippet: low-level
            MkstempFile made = mkstemp(options().withSuffix(".txt").withPrefix("mkstemp_")).join();
            System.out.println("Created temp file: " + made.path());

            Path tempDir = mkdtemp(options().withPrefix("mkdtemp_")).join();
            System.out.println("Created temp dir: " + tempDir);

            System.out.println("Default temp dir: " + gettempdir().join());

            made.close();                 // os.close(fd)
            Files.delete(made.path());    // os.remove(path)
            Files.delete(tempDir);        // these functions need manual cleanup
            // end snippet
            assertThat(out.lines()).hasSize(3);
            assertThat(made.path()).doesNotExist();
            assertThat(tempDir).doesNotExist();
        }
    }

    @Test
    @Order(7)
    @DisplayName("options: prefix, suffix, dir, delete=false")
    void optionsExample() throws IOException {
        try (var out = new Transcript("Options")) {
            Path parent = mkdtemp().join();
            // snippet: options
            TempOptions report = options()       // TempOptions.defaults(), for static import
                    .withPrefix("report-")
                    .withSuffix(".csv")
                    .withDir(parent)
                    .withDelete(false);          // keep the file after close
            try (NamedTemporaryFile<String> csv = namedTemporaryFile(Mode.TEXT, report).join()) {
                csv.writelines(java.util.List.of("id,name\n", "1,Ada\n")).join();
                System.out.println("Kept: " + csv.path().getFileName().toString().replaceAll("[a-z2-7]{16}", "<random>"));
            }
            // end snippet
            try (var kept = Files.list(parent)) {
                Path file = kept.findFirst().orElseThrow();
                assertThat(file).hasContent("id,name\n1,Ada\n");
                Files.delete(file);
            }
            Files.delete(parent);
            assertThat(out.lines()).containsExactly("Kept: report-<random>.csv");
        }
    }
}
