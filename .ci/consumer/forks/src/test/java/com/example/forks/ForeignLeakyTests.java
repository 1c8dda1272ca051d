package com.example.forks;

import dev.asynctemp.junit.AsyncTempExtension;
import java.io.IOException;
import java.nio.file.Files;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

/** Leaves a file made with the JDK's own API in its fork's private temp root. */
@ExtendWith(AsyncTempExtension.class)
class ForeignLeakyTests {

    @Test
    void leavesAFileOfItsOwn() throws IOException {
        Files.writeString(Files.createTempFile("fork-foreign-", ".csv"), "id\n");   // never deleted
    }
}
