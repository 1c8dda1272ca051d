package dev.asynctemp.junit;

import static dev.asynctemp.AsyncTempfile.mkdtemp;
import static dev.asynctemp.AsyncTempfile.mkstemp;
import static dev.asynctemp.AsyncTempfile.namedTemporaryFile;
import static dev.asynctemp.AsyncTempfile.options;
import static dev.asynctemp.junit.Kit.see;
import static org.assertj.core.api.Assertions.assertThat;

import dev.asynctemp.Mode;
import dev.asynctemp.NamedTemporaryFile;
import dev.asynctemp.TemporaryDirectory;
import dev.asynctemp.TemporaryFile;
import dev.asynctemp.internal.Workers;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Map;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.io.CleanupMode;
import org.junit.jupiter.api.io.TempDir;
import org.junit.platform.testkit.engine.EngineExecutionResults;

/**
 * What the extension waits for before it judges or removes, shown with work that is certainly still
 * running when it looks: held back until the waiting thread is seen waiting, or until the outer
 * test lets it go.
 */
@DisplayName("Cleanup and TempLeaks wait for work in flight")
class CleanupWaitsTests {

    @TempDir
    Path root;

    private EngineExecutionResults run(Class<?> fixture, String... keyValues) {
        var configuration = new java.util.HashMap<String, String>(Map.of(AsyncTempExtension.TMPDIR_KEY,
                root.toString(), AsyncTempExtension.LEAK_GRACE_KEY, "0"));
        for (int i = 0; i < keyValues.length; i += 2) {
            configuration.put(keyValues[i], keyValues[i + 1]);
        }
        return Kit.run(fixture, configuration);
    }

    @ExtendWith(AsyncTempExtension.class)
    static class TempLeaksTestCase {
        @Test
        void closeInFlight() {
            var executor = HeldExecutor.untilWaitedFor();
            var file = namedTemporaryFile(Mode.BINARY, options().withExecutor(executor)).join();
            executor.arm();
            file.closeAsync();
            TempLeaks.assertNoLeaks(Duration.ofSeconds(30));
            Kit.note("no leak once the close was done");
        }

        @Test
        void leakStillThere() {
            Path dir = see(mkdtemp().join());
            try {
                TempLeaks.assertNoLeaks(Duration.ofMillis(20));
            } finally {
                dir.toFile().delete();
            }
        }
    }

    @Test
    @DisplayName("TempLeaks.assertNoLeaks(atMost) waits for a close in flight, and still fails on what is left")
    void tempLeaksWithin() {
        var results = run(TempLeaksTestCase.class);
        assertThat(Kit.notes()).containsExactly("no leak once the close was done");
        results.testEvents().assertStatistics(s -> s.succeeded(1).failed(1));
        assertThat(Kit.failureOf(results, "leakStillThere")).isInstanceOf(TempFileLeakException.class)
                .hasMessageStartingWith("1 temporary artifact not cleaned up within PT0.02S:")
                .hasMessageContaining(Kit.seen().get(0).toString());
    }

    @ExtendWith(AsyncTempExtension.class)
    static class CreationIntoInjectedDirectoryTestCase {
        @Test
        void createsWithoutWaiting(TemporaryDirectory dir) {
            see(dir.path());
            mkstemp(options().withDir(dir.path()).withExecutor(HeldExecutor.untilWaitedFor().arm())).whenComplete((made, error) -> {
                if (error != null) {
                    Kit.note("creation failed: " + error);
                    return;
                }
                try {
                    made.close();
                    Kit.note("created " + made.path().getParent().equals(dir.path()));
                } catch (IOException e) {
                    Kit.note("close failed: " + e);
                }
            });
        }
    }

    @Test
    @DisplayName("an injected directory is removed once the creations into it have landed, with them")
    void directoryAwaitsCreations() throws IOException {
        var results = run(CreationIntoInjectedDirectoryTestCase.class);
        assertThat(results.testEvents().failed().count()).as(Kit.failures(results)).isZero();
        assertThat(Kit.notes()).containsExactly("created true");
        assertThat(Kit.seen().get(0)).doesNotExist();
        try (var left = Files.list(root)) {
            assertThat(left).isEmpty();
        }
    }

    /**
     * Occupies every worker of the library's default executor until {@code release} opens, so that
     * a file operation queued meanwhile is certainly still waiting when the cleanup looks. (A
     * forEachLine action that blocks no longer holds its file: it runs outside it, as Python's
     * {@code async for} body does.)
     */
    static void occupyEveryWorker(CountDownLatch release) throws InterruptedException {
        var started = new CountDownLatch(Workers.PLATFORM_THREADS);
        for (int i = 0; i < Workers.PLATFORM_THREADS; i++) {
            Workers.defaultExecutor().execute(() -> {
                started.countDown();
                try {
                    release.await(30, TimeUnit.SECONDS);
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                }
            });
        }
        assertThat(started.await(30, TimeUnit.SECONDS)).as("every worker occupied").isTrue();
    }

    @ExtendWith(AsyncTempExtension.class)
    static class StuckTestCase {
        @Test
        void plainFile(TemporaryFile<String> file) {
            file.write("line\n");
        }

        @Test
        void keptNamedFile(@Temp(cleanup = CleanupMode.NEVER) NamedTemporaryFile<String> file) {
            see(file.path());
            file.write("line\n");
        }
    }

    @Test
    @DisplayName("closing an injected file, kept or not, waits for its operations, up to the cleanup timeout")
    void filesAwaitTheirOperations() throws InterruptedException, IOException {
        var release = new CountDownLatch(1);
        EngineExecutionResults results;
        try {
            occupyEveryWorker(release);
            results = run(StuckTestCase.class, AsyncTempExtension.CLEANUP_TIMEOUT_KEY, "200 ms");
            assertThat(Kit.seen().get(0)).as("closed and removed under the operation still running").doesNotExist();
        } finally {
            release.countDown();
        }
        results.testEvents().assertStatistics(s -> s.failed(2));
        for (String test : new String[] {"plainFile", "keptNamedFile"}) {
            assertThat(Kit.failureOf(results, test)).isInstanceOf(TimeoutException.class)
                    .hasMessageContaining("parameter [0] 'file'")
                    .hasMessageContaining("still running 200 ms after the test (asynctemp.cleanup.timeout)");
        }
        Kit.removeSeen();
    }
}
