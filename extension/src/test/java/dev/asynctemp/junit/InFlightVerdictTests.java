package dev.asynctemp.junit;

import static dev.asynctemp.AsyncTempfile.mkdtemp;
import static dev.asynctemp.AsyncTempfile.mkstemp;
import static dev.asynctemp.AsyncTempfile.namedTemporaryFile;
import static dev.asynctemp.AsyncTempfile.temporaryDirectory;
import static dev.asynctemp.junit.Kit.see;
import static org.assertj.core.api.Assertions.assertThat;

import dev.asynctemp.Mode;
import dev.asynctemp.NamedTemporaryFile;
import dev.asynctemp.TempOptions;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.HashMap;
import java.util.Map;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.io.TempDir;
import org.junit.platform.testkit.engine.EngineExecutionResults;

/**
 * Work the leak detector can see in flight is awaited to its end before the verdict, never
 * guessed with a grace period: every test here runs with a grace of zero, and holds its work back
 * until the verdict has begun.
 */
@DisplayName("Verdicts await the work in flight they can see")
class InFlightVerdictTests {

    @TempDir
    Path root;

    private EngineExecutionResults run(Class<?> fixture, String... keyValues) {
        var configuration = new HashMap<String, String>(Map.of(AsyncTempExtension.TMPDIR_KEY, root.toString(),
                AsyncTempExtension.LEAK_GRACE_KEY, "0"));
        for (int i = 0; i < keyValues.length; i += 2) {
            configuration.put(keyValues[i], keyValues[i + 1]);
        }
        return Kit.run(fixture, configuration);
    }

    private void assertRootEmpty() throws IOException {
        try (Stream<Path> left = Files.list(root)) {
            assertThat(left).isEmpty();
        }
    }

    /**
     * Opened by the outer test after the run: work held until then outlives any cleanup timeout.
     * Fresh for every run: mutation testing reruns a test many times in one JVM.
     */
    static volatile CountDownLatch afterTheRun;

    @ExtendWith(AsyncTempExtension.class)
    static class CleanInFlightTestCase {
        @Test
        void closesAsynchronouslyAfterABigWrite() {
            NamedTemporaryFile<byte[]> f = namedTemporaryFile().join();
            see(f.path());
            byte[] mib = new byte[1 << 20];
            for (int i = 0; i < 64; i++) {
                f.write(mib);   // queued, not awaited
            }
            f.closeAsync();     // requested before the test returns
        }

        @Test
        void closeRequestedBeforeItsQueueRuns() {
            var executor = HeldExecutor.untilTheVerdict();
            var f = namedTemporaryFile(Mode.BINARY, TempOptions.defaults().withExecutor(executor)).join();
            see(f.path());
            executor.arm();
            f.write(new byte[] {1, 2, 3});
            f.closeAsync();
        }

        @Test
        void closeRequestedByACallbackOfAQueuedWrite() {
            var executor = HeldExecutor.untilTheVerdict();
            var f = namedTemporaryFile(Mode.BINARY, TempOptions.defaults().withExecutor(executor)).join();
            see(f.path());
            executor.arm();
            f.write(new byte[] {1, 2, 3}).thenRun(f::closeAsync);
        }

        @Test
        void cleanupRequestedOnADirectory() throws IOException {
            var executor = HeldExecutor.untilTheVerdict();
            var dir = temporaryDirectory(TempOptions.defaults().withDelete(false).withExecutor(executor)).join();
            Files.writeString(see(dir.path()).resolve("content"), "x");
            executor.arm();
            dir.cleanup();
        }

        @Test
        void creationThatItsCallbackRemoves() {
            mkstemp(TempOptions.defaults().withExecutor(HeldExecutor.untilTheVerdict().arm())).thenAccept(made -> {
                try {
                    made.close();
                    Files.delete(see(made.path()));
                } catch (IOException e) {
                    throw new UncheckedIOException(e);
                }
            });
        }
    }

    @Test
    @DisplayName("a close, a cleanup or a creation requested before the test returned is awaited, not judged")
    void cleanWorkInFlight() throws IOException {
        var results = run(CleanInFlightTestCase.class);
        assertThat(results.testEvents().failed().count()).as(Kit.failures(results)).isZero();
        results.testEvents().assertStatistics(s -> s.succeeded(5));
        assertThat(Kit.seen()).hasSize(5).allSatisfy(path -> assertThat(path).doesNotExist());
        assertRootEmpty();
    }

    @ExtendWith(AsyncTempExtension.class)
    static class LeakInFlightTestCase {
        @Test
        void creationStillRunning() {
            mkdtemp(TempOptions.defaults().withExecutor(HeldExecutor.untilTheVerdict().arm())).thenAccept(Kit::see);
        }

        @Test
        void namedFileWhoseCloseKeepsIt() {
            var executor = HeldExecutor.untilTheVerdict();
            var f = namedTemporaryFile(Mode.BINARY, TempOptions.defaults().withDeleteOnClose(false)
                    .withExecutor(executor)).join();
            see(f.path());
            executor.arm();
            f.closeHandle();
        }

        @Test
        void mkstempClosedButNotDeleted() throws IOException {
            var made = mkstemp().join();
            made.close();
            see(made.path());
        }
    }

    @Test
    @DisplayName("what is still there once the work is done is a leak of the test, and the advice never asks for "
            + "what was done")
    void leaksInFlight() throws IOException {
        var results = run(LeakInFlightTestCase.class);
        results.testEvents().assertStatistics(s -> s.failed(3));
        assertThat(Kit.leakOf(results, "creationStillRunning").leaks()).singleElement()
                .satisfies(leak -> assertThat(leak.kind()).isEqualTo("mkdtemp directory"));
        assertThat(Kit.leakOf(results, "namedFileWhoseCloseKeepsIt").leaks()).singleElement().satisfies(leak -> {
            assertThat(leak.handleOpen()).isFalse();
            assertThat(leak.closeOutcome()).isEqualTo("handle closed with closeHandle(), close() never called");
            assertThat(leak.howToFix()).startsWith("call close() as well");
        });
        assertThat(Kit.leakOf(results, "mkstempClosedButNotDeleted").leaks()).singleElement().satisfies(leak -> {
            assertThat(leak.describe()).doesNotContain("channel still open");
            assertThat(leak.howToFix()).startsWith("delete its path").doesNotContain("close");
        });
        assertRootEmpty();
    }

    @ExtendWith(AsyncTempExtension.class)
    static class StuckTestCase {
        @Test
        void closeNeverFinishes() {
            var executor = HeldExecutor.until(() -> afterTheRun.getCount() == 0);
            var f = namedTemporaryFile(Mode.BINARY, TempOptions.defaults().withExecutor(executor)).join();
            see(f.path());
            see(mkdtemp().join()); // no verdict will name it: removed with the timeout all the same
            executor.arm();
            f.closeAsync();
        }
    }

    @Test
    @DisplayName("work that outlives the cleanup timeout fails the test with a timeout naming it, not a leak")
    void timeout() throws Exception {
        EngineExecutionResults results;
        afterTheRun = new CountDownLatch(1);
        try {
            results = run(StuckTestCase.class, AsyncTempExtension.CLEANUP_TIMEOUT_KEY, "300 ms");
        } finally {
            afterTheRun.countDown();
        }
        Throwable failure = Kit.failureOf(results, "closeNeverFinishes");
        assertThat(failure).isInstanceOf(TimeoutException.class)
                .hasMessageContaining("was still in flight 300 ms after it ended (asynctemp.cleanup.timeout), "
                        + "so no leak verdict was given")
                .hasMessageContaining("cleanup of NamedTemporaryFile " + Kit.seen().get(0))
                .hasMessageContaining("has been closed and removed");
        assertRootEmpty();
    }

    /** What a thread the test leaves does once the verdict waits. */
    interface Action {
        void run() throws IOException;
    }

    /**
     * Leaves a daemon thread that, once {@code testDone} opens (the test's {@code @AfterEach}) and
     * the calling thread (the one that will judge it) waits with a timeout, runs {@code action}.
     */
    static void onceTheVerdictWaits(CountDownLatch testDone, Action action) {
        Thread judge = Thread.currentThread();
        var thread = new Thread(() -> {
            try {
                testDone.await(30, TimeUnit.SECONDS);
                while (judge.getState() != Thread.State.TIMED_WAITING) {
                    Thread.sleep(1);
                }
                action.run();
            } catch (InterruptedException | IOException e) {
                throw new IllegalStateException(e);
            }
        });
        thread.setDaemon(true);
        thread.start();
    }

    @ExtendWith(AsyncTempExtension.class)
    static class InvisibleCleanupTestCase {
        static volatile CountDownLatch TEST_DONE;

        @Test
        void removedByAThreadAfterwards() {
            Path dir = see(mkdtemp().join());
            // Only once the verdict is waiting: a remover that won the race would prove nothing.
            onceTheVerdictWaits(TEST_DONE, () -> Files.delete(dir));
        }

        @AfterEach
        void done() {
            TEST_DONE.countDown();
        }
    }

    @Test
    @DisplayName("cleanup the detector cannot see (a plain delete on another thread) gets the grace period")
    void invisibleCleanup() throws IOException {
        InvisibleCleanupTestCase.TEST_DONE = new CountDownLatch(1);
        var results = run(InvisibleCleanupTestCase.class, AsyncTempExtension.LEAK_GRACE_KEY, "20 s");
        assertThat(results.testEvents().failed().count()).as(Kit.failures(results)).isZero();
        assertRootEmpty();
    }

    @ExtendWith(AsyncTempExtension.class)
    static class CloseBegunDuringGraceTestCase {
        static volatile CountDownLatch TEST_DONE;

        @Test
        void closedByAThreadAfterwards() {
            var closeRequested = new java.util.concurrent.atomic.AtomicLong();
            // The close, once requested, takes 3 s (longer than the grace it began in), or, if the
            // outer test says so, lasts until after the run.
            var executor = HeldExecutor.until(() -> closeRequested.get() != 0
                    && System.nanoTime() - closeRequested.get() > TimeUnit.SECONDS.toNanos(3)
                    && (afterTheRun == null || afterTheRun.getCount() == 0));
            var f = namedTemporaryFile(Mode.BINARY, TempOptions.defaults().withExecutor(executor)).join();
            see(f.path());
            executor.arm();
            // Only once the verdict waits in its grace period.
            onceTheVerdictWaits(TEST_DONE, () -> {
                closeRequested.set(System.nanoTime());
                f.closeAsync();
            });
        }

        @AfterEach
        void done() {
            TEST_DONE.countDown();
        }
    }

    @Test
    @DisplayName("a close that begins during the grace period and ends after it is awaited within the cleanup timeout")
    void closeBegunDuringGrace() throws IOException {
        CloseBegunDuringGraceTestCase.TEST_DONE = new CountDownLatch(1);
        afterTheRun = null;
        // A grace of 2 s: time enough, on a busy machine, for the closer to see the verdict waiting.
        var results = run(CloseBegunDuringGraceTestCase.class, AsyncTempExtension.LEAK_GRACE_KEY, "2 s",
                AsyncTempExtension.CLEANUP_TIMEOUT_KEY, "20 s");
        assertThat(results.testEvents().failed().count()).as(Kit.failures(results)).isZero();
        assertRootEmpty();
    }

    @Test
    @DisplayName("a close that begins during the grace period and never ends fails the test at the cleanup timeout")
    void closeBegunDuringGraceNeverEnds() throws Exception {
        CloseBegunDuringGraceTestCase.TEST_DONE = new CountDownLatch(1);
        afterTheRun = new CountDownLatch(1);
        EngineExecutionResults results;
        long start = System.nanoTime();
        try {
            results = run(CloseBegunDuringGraceTestCase.class, AsyncTempExtension.LEAK_GRACE_KEY, "2 s",
                    AsyncTempExtension.CLEANUP_TIMEOUT_KEY, "4 s");
        } finally {
            afterTheRun.countDown();
            afterTheRun = null;
        }
        // Not waited for beyond the timeout counted from the verdict's start (the close is held
        // until after the run, 30 s at the most).
        assertThat(Duration.ofNanos(System.nanoTime() - start)).isLessThan(Duration.ofSeconds(20));
        assertThat(Kit.failureOf(results, "closedByAThreadAfterwards")).isInstanceOf(TimeoutException.class)
                .hasMessageContaining("cleanup of NamedTemporaryFile");
    }
}
