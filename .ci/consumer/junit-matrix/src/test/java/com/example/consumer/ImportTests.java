package com.example.consumer;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.asynctemp.NamedTemporaryFile;
import dev.asynctemp.SpooledTemporaryFile;
import dev.asynctemp.TemporaryDirectory;
import dev.asynctemp.junit.AsyncTempExtension;
import dev.asynctemp.junit.Spooled;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/** Injected files and directories, used as a user's tests use them. */
@ExtendWith(AsyncTempExtension.class)
class ImportTests {

    private static Path lastCsv;

    @Test
    void importsCsvIntoDirectory(NamedTemporaryFile<String> csv, TemporaryDirectory out) throws Exception {
        csv.write("id,total\n1,42\n").join();
        csv.flush().join();
        Path copy = Files.copy(csv.path(), out.path().resolve("import.csv"));
        assertEquals("id,total\n1,42\n", Files.readString(copy));
        lastCsv = csv.path();
    }

    @ParameterizedTest
    @ValueSource(ints = {10, 11})
    void spoolsSmallUploadsInMemory(int size, @Spooled(maxSize = 10) SpooledTemporaryFile<byte[]> upload) {
        upload.write(new byte[size]).join();
        assertEquals(size > 10, upload.isRolledOver());
    }

    @AfterAll
    static void injectedFilesAreGone() {
        assertTrue(lastCsv != null, "the test ran");
        assertFalse(Files.exists(lastCsv), "the extension removed " + lastCsv);
    }
}
