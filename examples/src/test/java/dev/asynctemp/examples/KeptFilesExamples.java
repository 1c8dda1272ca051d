package dev.asynctemp.examples;

import static org.assertj.core.api.Assertions.assertThat;

import dev.asynctemp.TemporaryDirectory;
import dev.asynctemp.junit.AsyncTempExtension;
import dev.asynctemp.junit.Temp;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.io.CleanupMode;

/**
 * A failed test keeps its evidence and says where, on its own output (run through the JUnit
 * launcher here, so that the examples themselves pass).
 */
@DisplayName("Kept files")
class KeptFilesExamples {

    /** A test class whose test fails. Not run by itself (see below). */
    // snippet: kept-on-failure
    @ExtendWith(AsyncTempExtension.class)
    static class ImportJobTestCase {

        @Temp(prefix = "evidence-", cleanup = CleanupMode.ON_SUCCESS)
        TemporaryDirectory work;                                     // kept if the test fails

        @Test
        void importsEveryRow() throws IOException {
            Files.writeString(work.path().resolve("state.json"), "{\"imported\": 41}");
            assertThat(41).as("imported rows").isEqualTo(42);
        }
    }
    // end snippet

    @Test
    @DisplayName("a failed test's ON_SUCCESS directory is kept, and its path printed once on the test's output")
    void keptPathIsPrinted() throws IOException {
        try (var out = new Transcript("A failed test keeps its evidence")) {
            assertThat(Fixtures.run(ImportJobTestCase.class).getTotalFailureCount()).isEqualTo(1);
            var kept = out.lines().stream().filter(line -> line.startsWith("asynctemp kept ")).toList();
            assertThat(kept).hasSize(1);
            Path work = Path.of(kept.get(0).split(" ")[2]);
            assertThat(work.resolve("state.json")).hasContent("{\"imported\": 41}");
            Files.delete(work.resolve("state.json"));   // kept for the user: removing it is theirs to do
            Files.delete(work);
        }
    }
}
