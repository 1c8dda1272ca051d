package dev.asynctemp.examples;

// The README's first example, the smallest useful use of the extension: a whole file but the package line.
// snippet: quick-start
import static dev.asynctemp.AsyncTempfile.mkstemp;
import static org.assertj.core.api.Assertions.assertThat;

import dev.asynctemp.NamedTemporaryFile;
import dev.asynctemp.junit.AsyncTempExtension;
import java.nio.file.Files;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

@ExtendWith(AsyncTempExtension.class)
class ReportTests {

    @Test
    void writesReport(NamedTemporaryFile<String> report) throws Exception {
        report.write("total,42\n").join();
        assertThat(report.path()).hasContent("total,42\n");
    }   // the file is removed after the test

    @Test
    void cleansUpByHand() throws Exception {
        var scratch = mkstemp().join();     // low-level: yours to remove...
        scratch.close();
        Files.delete(scratch.path());       // ...or the leak detector fails this test
    }
}
// end snippet
