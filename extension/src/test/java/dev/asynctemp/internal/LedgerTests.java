package dev.asynctemp.internal;

import static org.assertj.core.api.Assertions.assertThat;

import dev.asynctemp.AsyncTempfile;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;

@DisplayName("Ledger")
class LedgerTests {

    @Test
    @DisplayName("a long run does not hold on to what it closed: the run level prunes itself")
    void runLevelPrunes() {
        Ledger.Run run = Ledger.openRun();
        try {
            // This thread is bound to no scope: everything lands at run level.
            for (int i = 0; i < 20_000; i++) {
                AsyncTempfile.spooledTemporaryFile(8).close();
            }
            var leaked = AsyncTempfile.spooledTemporaryFile(8);
            assertThat(run.size()).isLessThan(2_048);
            assertThat(run.leaks()).hasSize(1);
            leaked.close();
            assertThat(run.leaks()).isEmpty();
        } finally {
            assertThat(Ledger.closeRun(run)).isEmpty();
        }
    }

    /** Run in a JVM of its own, where no test run listens. */
    public static void main(String[] args) {
        AsyncTempfile.spooledTemporaryFile(8).close();
        System.out.println("capture outside any run: " + Ledger.capture());
    }

    @Test
    @DisplayName("nothing is recorded, and no stack captured, when no test run listens")
    void silentOutsideRuns() throws Exception {
        // Inside this build our own listener listens, so ask a JVM of its own.
        String javaBin = java.nio.file.Path.of(System.getProperty("java.home"), "bin", "java").toString();
        Process process = new ProcessBuilder(javaBin, "-cp", System.getProperty("java.class.path"),
                LedgerTests.class.getName()).redirectErrorStream(true).start();
        String output = new String(process.getInputStream().readAllBytes());
        assertThat(process.waitFor()).isZero();
        assertThat(output).contains("capture outside any run: null");
    }
}
