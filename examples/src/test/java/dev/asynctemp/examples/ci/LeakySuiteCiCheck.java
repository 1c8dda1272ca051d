package dev.asynctemp.examples.ci;

import static dev.asynctemp.AsyncTempfile.mkdtemp;
import static dev.asynctemp.AsyncTempfile.options;

import dev.asynctemp.junit.AsyncTempExtension;
import dev.asynctemp.junit.LeakDetection;
import dev.asynctemp.junit.LeakMode;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

/**
 * A suite that leaks on purpose, in warn mode: every test passes, so only the run-wide switch
 * {@code asynctemp.leaks.fail-run=true} can fail the build. {@code .ci/run} runs it twice (with and
 * without the switch) to show the switch working; no other run includes it (its name matches none
 * of the examples module's test patterns).
 */
@ExtendWith(AsyncTempExtension.class)
@LeakDetection(LeakMode.WARN)
class LeakySuiteCiCheck {

    @Test
    void forgetsItsDirectory() {
        mkdtemp(options().withPrefix("ci-check-")).join();
    }

    @Test
    void isClean() {
    }
}
