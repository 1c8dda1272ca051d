package dev.asynctemp.examples;

import static org.assertj.core.api.Assertions.assertThat;

import dev.asynctemp.junit.AsyncTempExtension;
import dev.asynctemp.junit.ForeignLeakDetection;
import dev.asynctemp.junit.LeakMode;
import dev.asynctemp.junit.TempFileLeakException;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

/**
 * The foreign-leak detector: a temp file the code under test makes with the JDK's own API and
 * forgets, caught in the test that ran it. This module's build gives each test JVM a private temp
 * root, as the README asks ({@code -Djava.io.tmpdir=${project.build.directory}/tmp-${surefire.forkNumber}}).
 */
@DisplayName("The foreign-leak detector")
class ForeignLeakExamples {

    /** Production code with a bug: it never deletes its temp file. */
    // snippet: foreign-leak
    static final class CsvExporter {
        Path export(List<String> rows) throws IOException {
            Path csv = Files.createTempFile("export-", ".csv");   // the JDK's API, not asynctemp's
            Files.write(csv, rows);
            return csv;                                            // ... and nobody deletes it
        }
    }

    @ExtendWith(AsyncTempExtension.class)
    @ForeignLeakDetection(LeakMode.FAIL)   // the default is warn: report, but pass
    static class CsvExporterTestCase {

        @Test
        void exportsRows() throws IOException {
            Path csv = new CsvExporter().export(List.of("id,total", "1,42"));
            assertThat(csv).hasContent("id,total\n1,42");
        }
    }
    // end snippet

    /** Runs the fixture; returns its failure, and removes what it left (the detector leaves it in place). */
    static TempFileLeakException failureOfTheLeakyTest() {
        var failure = Fixtures.run(CsvExporterTestCase.class).getFailures().get(0).getException();
        assertThat(failure).isInstanceOf(TempFileLeakException.class);
        var leak = (TempFileLeakException) failure;
        for (var artifact : leak.leaks()) {
            try {
                Files.deleteIfExists(artifact.path());
            } catch (IOException e) {
                throw new java.io.UncheckedIOException(e);
            }
        }
        return leak;
    }

    @Test
    @DisplayName("a temp file the code under test made with Files.createTempFile and forgot fails its test")
    void foreignLeakIsCaught() {
        try (var out = new Transcript("A foreign leak caught by the detector")) {
            var failure = failureOfTheLeakyTest();
            System.out.println("exportsRows() failed with " + failure.getClass().getSimpleName() + ":");
            System.out.println(failure.getMessage());
            assertThat(failure.leaks()).singleElement().satisfies(leak -> {
                assertThat(leak.kind()).isEqualTo("foreign file");
                assertThat(leak.path().getFileName().toString()).startsWith("export-").endsWith(".csv");
            });
            assertThat(out.lines()).first().asString().startsWith("exportsRows() failed");
        }
    }
}
