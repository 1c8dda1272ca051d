package dev.asynctemp.examples;

import static org.assertj.core.api.Assertions.assertThat;

import dev.asynctemp.NamedTemporaryFile;
import dev.asynctemp.SpooledTemporaryFile;
import dev.asynctemp.TemporaryDirectory;
import dev.asynctemp.junit.AsyncTempExtension;
import dev.asynctemp.junit.Spooled;
import dev.asynctemp.junit.Temp;
import java.io.IOException;
import java.nio.file.Files;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

/** Injected fields, as JUnit's @TempDir injects them; cut into the README. */
// snippet: junit-fields
@ExtendWith(AsyncTempExtension.class)
class CatalogueTests {

    @Temp
    static TemporaryDirectory cache;                   // one for the class, ready in @BeforeAll

    @Temp(prefix = "catalogue-", suffix = ".csv")
    NamedTemporaryFile<String> csv;                    // a new one for each test, ready in @BeforeEach

    @Spooled(maxSize = 1024)
    SpooledTemporaryFile<byte[]> upload;               // @Spooled asks for a field too

    @Test
    void writesCatalogue() throws IOException {
        csv.write("id,title\n1,Dune\n").join();
        Files.copy(csv.path(), cache.path().resolve(csv.path().getFileName()));
        assertThat(cache.path().resolve(csv.path().getFileName())).hasContent("id,title\n1,Dune\n");
    }

    @Test
    void buffersUploads() {
        upload.write(new byte[100]).join();
        assertThat(upload.isRolledOver()).isFalse();       // still in memory
    }
}
// end snippet
