package dev.asynctemp.internal;

import static org.assertj.core.api.Assertions.assertThat;

import dev.asynctemp.AsyncTempfile;
import java.io.IOException;
import java.nio.channels.Channel;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.atomic.AtomicLong;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

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

    /** A handle that counts how often the ledger asks whether it is still open. */
    static final class CountedChannel implements Channel {
        final AtomicLong checks;
        private volatile boolean open = true;

        CountedChannel(AtomicLong checks) {
            this.checks = checks;
        }

        @Override
        public boolean isOpen() {
            checks.incrementAndGet();
            return open;
        }

        @Override
        public void close() {
            open = false;
        }
    }

    private static Artifact handleOnly(Channel handle) {
        var site = new CreationSite(new Throwable("created here"), new Attribution.Outside("created outside any test"));
        return new Artifact(Artifact.Kind.MKSTEMP_FILE, null, handle, "", site);
    }

    @Test
    @DisplayName("pruning keeps what leaked, however much was closed after it")
    void pruningKeepsLeaks() {
        Ledger.Run run = Ledger.openRun();
        try {
            var checks = new AtomicLong();
            Artifact leaked = handleOnly(new CountedChannel(checks));
            run.add(leaked);
            for (int i = 0; i < 3_000; i++) {
                var closed = new CountedChannel(checks);
                closed.close();
                run.add(handleOnly(closed));
            }
            assertThat(run.leaks()).containsExactly(leaked);
        } finally {
            Ledger.closeRun(run);
        }
    }

    @Test
    @DisplayName("a run that keeps many leaks checks each a bounded number of times: creation stays linear")
    void pruningStaysLinear() {
        Ledger.Run run = Ledger.openRun();
        try {
            var checks = new AtomicLong();
            int leaks = 4_096;
            for (int i = 0; i < leaks; i++) {
                run.add(handleOnly(new CountedChannel(checks)));
            }
            assertThat(run.size()).isEqualTo(leaks);
            // Pruning at 1,024, 2,048 and 4,096 entries checks 7,168; a threshold that did not
            // double would prune on every addition past 1,024: millions of checks.
            assertThat(checks.get()).isLessThanOrEqualTo(2L * leaks);
        } finally {
            Ledger.closeRun(run);
        }
    }

    @Test
    @DisplayName("an uncertain creation names at most 10 candidate tests, then how many more")
    void candidatesCapped() {
        Scope probe = Ledger.openScope("[probe]", "probe()", null);
        var others = new ArrayList<Scope>();
        try {
            int before = Ledger.candidates(probe, Long.MAX_VALUE).size();
            for (int i = 0; i < 12; i++) {
                others.add(Ledger.openScope("[other-" + i + "]", "other" + i + "()", null));
            }
            List<String> named = Ledger.candidates(probe, Long.MAX_VALUE);
            assertThat(named).hasSize(Ledger.MAX_CANDIDATES + 1).startsWith("probe()")
                    .endsWith("and " + (before + 12 - Ledger.MAX_CANDIDATES) + " more");
            while (Ledger.candidates(probe, Long.MAX_VALUE).size() > Ledger.MAX_CANDIDATES) {
                others.remove(others.size() - 1).seal();
            }
            assertThat(Ledger.candidates(probe, Long.MAX_VALUE)).as("exactly 10, all named")
                    .hasSize(Ledger.MAX_CANDIDATES).noneMatch(name -> name.endsWith(" more"));
        } finally {
            probe.seal();
            others.forEach(Scope::seal);
        }
    }

    /** One attempt of a race between this thread and {@code other}, beside the open scope {@code parent}. */
    interface RaceAttempt {
        void run(Scope parent, ExecutorService other, int attempt) throws Exception;
    }

    /**
     * Runs {@code attempt} 10,000 times beside a test scope that stays open, with one other thread to
     * race against: without the ledger's pairs changed in one step, one of the first few thousand fails.
     */
    private static void race(RaceAttempt attempt) throws Exception {
        Scope parent = Ledger.openScope("[parent]", "parent()", null);
        ExecutorService other = Executors.newSingleThreadExecutor();
        try {
            for (int i = 0; i < 10_000; i++) {
                attempt.run(parent, other, i);
            }
        } finally {
            other.shutdownNow();
            parent.seal();
        }
    }

    @Test
    @DisplayName("a thread starting while another test's scope opens never sees that opening counted without the "
            + "scope open (it would take itself for the only test running)")
    void startSeesOpeningsAndOpenScopesTogether() throws Exception {
        race((parent, opener, i) -> {
            long before = Ledger.openings();
            var opened = opener.submit(() -> Ledger.openScope("[other-" + i + "]", "other()", null));
            Ledger.Start start;
            do {
                start = Ledger.startOf(parent);
            } while (start.openings() == before);
            assertThat(start.othersOpen()).as("attempt %d: the other scope counted but not open", i).isTrue();
            opened.get().seal();
        });
    }

    @Test
    @DisplayName("a test's scope being sealed is named among the candidates all the while: open, then sealed")
    void candidatesNameAScopeBeingSealed() throws Exception {
        race((parent, sealer, i) -> {
            long windowStart = Ledger.openings();
            Scope other = Ledger.openScope("[other-" + i + "]", "other" + i + "()", null);
            var sealed = sealer.submit(other::seal);
            while (!sealed.isDone()) {
                assertThat(Ledger.candidates(parent, windowStart)).as("attempt %d", i).contains("other" + i + "()");
            }
            assertThat(Ledger.candidates(parent, windowStart)).as("attempt %d, sealed", i).contains("other" + i + "()");
        });
    }

    @Test
    @DisplayName("what a test's worker records after that test's verdict goes to the run level, saying so")
    void recordedAfterTheVerdict(@TempDir Path work) throws IOException {
        Ledger.Run run = Ledger.openRun();
        Scope test = Ledger.openScope("[late]", "late()", null);
        try {
            CreationSite site = ScopesTests.bound(test, Ledger::capture);
            assertThat(site.attribution()).isEqualTo(new Attribution.Certain(test));
            assertThat(test.seal()).isEmpty();
            Ledger.mkdtemp(site, Files.createDirectory(work.resolve("late")));
            assertThat(test.leaks()).isEmpty();
            assertThat(run.leaks()).singleElement().satisfies(artifact -> {
                assertThat(artifact.attribution().doubt()).isEqualTo("created after its test's verdict");
                assertThat(artifact.attribution().candidates()).containsExactly("late()");
            });
        } finally {
            Ledger.closeRun(run);
        }
    }

    @Test
    @DisplayName("a leaked TemporaryDirectory says whether it was made with delete=false")
    void directoryDetail(@TempDir Path work) {
        Scope test = Ledger.openScope("[directories]", "directories()", null);
        try {
            var options = dev.asynctemp.TempOptions.defaults().withDir(work);
            var kept = ScopesTests.bound(test, () -> AsyncTempfile.temporaryDirectory(options.withDelete(false)).join());
            var plain = ScopesTests.bound(test, () -> AsyncTempfile.temporaryDirectory(options).join());
            assertThat(test.leaks()).extracting(Artifact::detail).containsExactly("delete=false", "");
            plain.cleanup().join();
            kept.cleanup().join();
        } finally {
            test.seal();
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
