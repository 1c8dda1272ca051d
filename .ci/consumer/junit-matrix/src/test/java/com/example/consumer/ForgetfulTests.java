package com.example.consumer;

import static dev.asynctemp.AsyncTempfile.mkdtemp;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.asynctemp.junit.AsyncTempExtension;
import dev.asynctemp.junit.LeakDetection;
import dev.asynctemp.junit.LeakMode;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

/** A leak in warn mode: the test passes, and the run's leak summary names it. */
@ExtendWith(AsyncTempExtension.class)
@LeakDetection(LeakMode.WARN)
class ForgetfulTests {

    @Test
    void forgetsItsScratchDirectory() {
        Path scratch = mkdtemp().join();   // never removed
        assertTrue(Files.isDirectory(scratch));
    }
}
