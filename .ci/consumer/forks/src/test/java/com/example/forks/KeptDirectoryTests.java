package com.example.forks;

import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.asynctemp.TemporaryDirectory;
import dev.asynctemp.junit.AsyncTempExtension;
import dev.asynctemp.junit.Temp;
import java.io.IOException;
import java.nio.file.Files;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.io.CleanupMode;

/** Keeps its directory for inspection: the path must show where a Maven user looks. */
@ExtendWith(AsyncTempExtension.class)
class KeptDirectoryTests {

    @Test
    void keepsItsOutput(@Temp(prefix = "kept-output-", cleanup = CleanupMode.NEVER) TemporaryDirectory out)
            throws IOException {
        Files.writeString(out.path().resolve("result.txt"), "inspect me");
        assertTrue(Files.exists(out.path().resolve("result.txt")));
    }
}
