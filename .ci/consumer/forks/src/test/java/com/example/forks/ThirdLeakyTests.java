package com.example.forks;

import static dev.asynctemp.AsyncTempfile.mkstemp;
import static dev.asynctemp.AsyncTempfile.options;

import dev.asynctemp.junit.AsyncTempExtension;
import java.io.IOException;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

/** Leaks one file; run in a JVM of its own (reuseForks=false). */
@ExtendWith(AsyncTempExtension.class)
class ThirdLeakyTests {

    @Test
    void leavesAFile() throws IOException {
        mkstemp(options().withPrefix("fork-leak-")).join().close();   // closed, never deleted
    }
}
