package dev.asynctemp.examples;

import static org.assertj.core.api.Assertions.assertThat;

import dev.asynctemp.NamedTemporaryFile;
import dev.asynctemp.SpooledTemporaryFile;
import dev.asynctemp.TemporaryDirectory;
import dev.asynctemp.TemporaryFile;
import dev.asynctemp.junit.AsyncTempExtension;
import dev.asynctemp.junit.Spooled;
import dev.asynctemp.junit.Temp;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.io.CleanupMode;

/**
 * The extension as a user meets it: parameters of each type, options, a cleanup mode. The README's
 * JUnit snippets are cut from here.
 */
// snippet: junit-basic
@ExtendWith(AsyncTempExtension.class)
@DisplayName("The JUnit extension")
class JUnitExtensionExamples {

    @Test
    void importsCsv(NamedTemporaryFile<String> csv, TemporaryDirectory out) throws IOException {
        csv.writelines(List.of("id,name\n", "1,Ada\n")).join();      // text: the type argument is String
        Path copy = Files.copy(csv.path(), out.path().resolve("copy.csv"));
        assertThat(copy).hasContent("id,name\n1,Ada\n");
    }                                                                   // both removed after the test

    @Test
    void buffersSmallUploads(@Spooled(maxSize = 1024) SpooledTemporaryFile<byte[]> upload) {
        upload.write(new byte[100]).join();
        assertThat(upload.isRolledOver()).isFalse();                   // still in memory
    }
    // end snippet

    // snippet: junit-options
    @Test
    void exportsLatin1(@Temp(prefix = "export-", suffix = ".txt", charset = "ISO-8859-1")
            NamedTemporaryFile<String> export) throws IOException {
        export.write("café").join();
        assertThat(Files.size(export.path())).isEqualTo(4);            // one byte per character
        assertThat(export.path().getFileName().toString()).startsWith("export-").endsWith(".txt");
    }

    @Test
    void keepsEvidenceOnFailure(@Temp(cleanup = CleanupMode.ON_SUCCESS) TemporaryDirectory work)
            throws IOException {
        Files.writeString(work.path().resolve("state.json"), "{}");
        // Had this test failed, `work` would be kept and its path published as a report entry
        // "asynctemp.kept"; it passes, so `work` is removed.
    }
    // end snippet

    // snippet: junit-lifecycle
    TemporaryFile<byte[]> scratch;

    @BeforeEach
    void setUp(TemporaryFile<byte[]> scratch) {                        // lives for one test, like the test's own
        this.scratch = scratch;
    }

    @Test
    void usesTheScratchFile() {
        scratch.write(new byte[] {1, 2, 3}).join();
        scratch.seek(0).join();
        assertThat(scratch.read().join()).containsExactly(1, 2, 3);
    }
    // end snippet
}
