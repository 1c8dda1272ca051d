package dev.asynctemp.examples;

import static org.assertj.core.api.Assertions.assertThat;

import dev.asynctemp.TemporaryFile;
import dev.asynctemp.junit.AsyncTempExtension;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

/** A parameter of a lifecycle method; cut into the README. */
// snippet: junit-lifecycle
@ExtendWith(AsyncTempExtension.class)
class ScratchFileTests {

    TemporaryFile<byte[]> scratch;

    @BeforeEach
    void setUp(TemporaryFile<byte[]> scratch) {                        // lives for one test, like the test's own
        this.scratch = scratch;
    }

    @Test
    void usesTheScratchFile() {
        scratch.write(new byte[] {1, 2, 3}).join();
        scratch.seek(0).join();
        assertThat(scratch.read().join()).containsExactly(1, 2, 3);
    }
}
// end snippet
