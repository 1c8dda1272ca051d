package dev.asynctemp.examples;

import static dev.asynctemp.AsyncTempfile.mkdtemp;
import static dev.asynctemp.AsyncTempfile.mkstemp;
import static dev.asynctemp.AsyncTempfile.namedTemporaryFile;
import static dev.asynctemp.AsyncTempfile.options;
import static org.assertj.core.api.Assertions.assertThat;

import dev.asynctemp.MkstempFile;
import dev.asynctemp.junit.AsyncTempExtension;
import dev.asynctemp.junit.TempFileLeakException;
import dev.asynctemp.junit.TempLeaks;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

/**
 * The leak detector: a leaky test caught (run through the JUnit launcher here, so that the examples
 * themselves pass), and {@link TempLeaks#assertNoLeaks()} in the middle of a test.
 */
@ExtendWith(AsyncTempExtension.class)
@DisplayName("The leak detector")
class LeakDetectorExamples {

    /** A test class with a bug: it forgets a file from mkstemp. Not run by itself (see below). */
    // snippet: leaky-test
    @ExtendWith(AsyncTempExtension.class)
    static class ReportExporterTestCase {

        @Test
        void exportsReport() throws IOException {
            MkstempFile scratch = mkstemp(options().withPrefix("export-").withSuffix(".csv")).join();
            Files.writeString(scratch.path(), "id,total\n1,42\n");
            // ... but never closes the channel nor deletes the file
        }
    }
    // end snippet

    @Test
    @DisplayName("a leaky test fails and says what it left, and where")
    void leakyTestIsCaught() {
        try (var out = new Transcript("A leak caught by the detector")) {
            var failure = Fixtures.run(ReportExporterTestCase.class).getFailures().get(0).getException();
            assertThat(failure).isInstanceOf(TempFileLeakException.class);
            System.out.println("exportsReport() failed with " + failure.getClass().getSimpleName() + ":");
            System.out.println(failure.getMessage());
            var leak = ((TempFileLeakException) failure).leaks().get(0);
            assertThat(leak.path()).doesNotExist();   // removed after the verdict
            assertThat(leak.createdAt().getMethodName()).isEqualTo("exportsReport");
            assertThat(out.lines()).first().asString().startsWith("exportsReport() failed");
        }
    }

    // snippet: assert-no-leaks
    @Test
    void importerCleansUpAfterItself() {
        Path workDir = mkdtemp(options().withPrefix("import-")).join();
        var staging = namedTemporaryFile().join();

        // ... the code under test is done with both and cleans up, partly asynchronously:
        staging.closeAsync();
        workDir.toFile().delete();

        TempLeaks.assertNoLeaks(Duration.ofSeconds(2));   // waits for the async close, then checks
    }
    // end snippet
}
