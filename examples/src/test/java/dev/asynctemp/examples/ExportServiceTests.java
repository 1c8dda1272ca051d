package dev.asynctemp.examples;

import static org.assertj.core.api.Assertions.assertThat;

import dev.asynctemp.NamedTemporaryFile;
import dev.asynctemp.TemporaryDirectory;
import dev.asynctemp.junit.AsyncTempExtension;
import dev.asynctemp.junit.Temp;
import java.io.IOException;
import java.nio.file.Files;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.io.CleanupMode;

/** Options on injected parameters, and a cleanup mode; cut into the README. */
// snippet: junit-options
@ExtendWith(AsyncTempExtension.class)
class ExportServiceTests {

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
        // Had this test failed, `work` would be kept, and its path printed on the test's output
        // ("asynctemp kept /tmp/tmp… …") and published as the report entry "asynctemp.kept".
        // It passes, so `work` is removed.
    }
}
// end snippet
