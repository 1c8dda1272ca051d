package dev.asynctemp.examples;

import static org.assertj.core.api.Assertions.assertThat;

import dev.asynctemp.NamedTemporaryFile;
import dev.asynctemp.SpooledTemporaryFile;
import dev.asynctemp.TemporaryDirectory;
import dev.asynctemp.junit.AsyncTempExtension;
import dev.asynctemp.junit.Spooled;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

/**
 * The extension as a user meets it: parameters of each type, options, a cleanup mode. The README's
 * JUnit snippets are cut from here.
 */
// snippet: junit-basic
@ExtendWith(AsyncTempExtension.class)
class ImportServiceTests {

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
}
// end snippet
