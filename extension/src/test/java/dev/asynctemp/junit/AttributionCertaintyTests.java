package dev.asynctemp.junit;

import static dev.asynctemp.AsyncTempfile.mkdtemp;
import static dev.asynctemp.AsyncTempfile.mkstemp;
import static dev.asynctemp.junit.Kit.see;
import static org.assertj.core.api.Assertions.assertThat;

import dev.asynctemp.Mode;
import dev.asynctemp.NamedTemporaryFile;
import dev.asynctemp.TempOptions;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.Executors;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestMethodOrder;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.io.TempDir;
import org.junit.platform.engine.reporting.ReportEntry;
import org.junit.platform.testkit.engine.EngineExecutionResults;

/**
 * Every path by which code that is not a test's own can run on a thread bound to that test: the
 * detector must never pin such a leak on the test, and must still name it at run level with the
 * candidates. Each fixture is the smallest program that used to blame the wrong test.
 */
@DisplayName("Attribution: a leak is pinned on a test only when certain")
class AttributionCertaintyTests {

    @TempDir
    Path root;

    private static final Map<String, String> PARALLEL = Map.of(
            "junit.jupiter.execution.parallel.enabled", "true",
            "junit.jupiter.execution.parallel.mode.default", "concurrent",
            "junit.jupiter.execution.parallel.config.strategy", "fixed",
            "junit.jupiter.execution.parallel.config.fixed.parallelism", "4");

    private EngineExecutionResults run(Class<?> fixture, Map<String, String> more) {
        var configuration = new HashMap<String, String>(Map.of(AsyncTempExtension.TMPDIR_KEY, root.toString(),
                AsyncTempExtension.LEAK_GRACE_KEY, "0"));
        configuration.putAll(more);
        return Kit.run(fixture, configuration);
    }

    /** The lines of the run-level report entry, one per artifact not pinned on a test. */
    private static List<String> runLevel(EngineExecutionResults results) {
        return results.allEvents().reportingEntryPublished().stream()
                .map(e -> e.getRequiredPayload(ReportEntry.class).getKeyValuePairs().get(RunState.RUN_LEVEL_KEY))
                .filter(Objects::nonNull).flatMap(String::lines).toList();
    }

    private void assertRootEmpty() throws IOException {
        try (Stream<Path> left = Files.list(root)) {
            assertThat(left).as("left on disk").isEmpty();
        }
    }

    static void await(CountDownLatch latch) {
        try {
            assertThat(latch.await(30, TimeUnit.SECONDS)).as("latch").isTrue();
        } catch (InterruptedException e) {
            throw new IllegalStateException(e);
        }
    }

    // --- A thread one test started serves another test running at the same time -----------------

    @ExtendWith(AsyncTempExtension.class)
    static class DrainThreadTestCase {
        // Fresh for every run: mutation testing reruns a test many times in one JVM.
        static volatile BlockingQueue<Runnable> QUEUE;
        static volatile CountDownLatch STARTED;
        static volatile CountDownLatch DONE;

        @Test
        void startsADrainThread() throws InterruptedException {
            var drain = new Thread(() -> {
                try {
                    QUEUE.take().run();
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                }
            }, "drain");
            drain.start();
            STARTED.countDown();
            drain.join();
        }

        @Test
        void submitsToTheQueue() {
            await(STARTED);
            QUEUE.add(() -> {
                see(mkstemp().join().path());
                DONE.countDown();
            });
            await(DONE);
        }
    }

    @Test
    @DisplayName("a thread one test started, running another test's task, blames neither: run level, both named")
    void drainThread() throws IOException {
        DrainThreadTestCase.QUEUE = new LinkedBlockingQueue<>();
        DrainThreadTestCase.STARTED = new CountDownLatch(1);
        DrainThreadTestCase.DONE = new CountDownLatch(1);
        var results = run(DrainThreadTestCase.class, PARALLEL);
        assertThat(results.testEvents().failed().count()).as(Kit.failures(results)).isZero();
        assertThat(runLevel(results)).singleElement().satisfies(line -> assertThat(line)
                .contains("mkstemp file " + Kit.seen().get(0))
                .contains("created on a thread the test started while other tests ran")
                .contains("DrainThreadTestCase.startsADrainThread()")
                .contains("DrainThreadTestCase.submitsToTheQueue()"));
        assertRootEmpty();
    }

    @ExtendWith(AsyncTempExtension.class)
    static class OwnThreadTestCase {
        @Test
        void startsAThreadThatCreates() throws InterruptedException {
            var thread = new Thread(() -> see(mkdtemp().join()));
            thread.start();
            thread.join();
        }
    }

    @Test
    @DisplayName("a thread a test started while no other test ran is that test's: its leak fails the test")
    void ownThreadAlone() throws IOException {
        var results = run(OwnThreadTestCase.class, Map.of());
        assertThat(Kit.failureOf(results, "startsAThreadThatCreates")).isInstanceOf(TempFileLeakException.class);
        assertThat(runLevel(results)).isEmpty();
        assertRootEmpty();
    }

    // --- A pool created lazily inside a test ------------------------------------------------------

    @ExtendWith(AsyncTempExtension.class)
    static class LazyPoolTestCase {
        @Test
        void createsAPoolAndUsesIt() throws Exception {
            var pool = Executors.newFixedThreadPool(1);
            try {
                pool.submit(() -> see(mkdtemp().join())).get();
            } finally {
                pool.shutdown();
            }
        }
    }

    @Test
    @DisplayName("a pool created inside a test serves whoever submits: what its threads create goes to run level")
    void lazyPool() throws IOException {
        var results = run(LazyPoolTestCase.class, Map.of());
        assertThat(results.testEvents().failed().count()).as(Kit.failures(results)).isZero();
        assertThat(runLevel(results)).singleElement().satisfies(line -> assertThat(line)
                .contains("mkdtemp directory " + Kit.seen().get(0))
                .contains("created on a thread of a pool")
                .contains("LazyPoolTestCase.createsAPoolAndUsesIt()"));
        assertRootEmpty();
    }

    // --- A callback that one test registered, fired on another test's thread ----------------------

    @ExtendWith(AsyncTempExtension.class)
    @TestMethodOrder(MethodOrderer.MethodName.class)
    static class SharedFutureTestCase {
        static volatile CompletableFuture<Void> SHARED;

        @Test
        void a_registersACallback() {
            SHARED.thenRun(() -> see(mkdtemp().join()));
        }

        @Test
        void b_completesTheFuture() {
            SHARED.complete(null);
        }
    }

    @Test
    @DisplayName("a callback fired on the thread of the test that completed the future is not pinned on that test")
    void callbackOnAnotherTestsThread() throws IOException {
        SharedFutureTestCase.SHARED = new CompletableFuture<>();
        var results = run(SharedFutureTestCase.class, Map.of());
        assertThat(results.testEvents().failed().count()).as(Kit.failures(results)).isZero();
        assertThat(runLevel(results)).singleElement().satisfies(line -> assertThat(line)
                .contains("mkdtemp directory " + Kit.seen().get(0))
                .contains("created by a callback that completing a future ran on this test's thread")
                .contains("SharedFutureTestCase.b_completesTheFuture()")
                .contains("SharedFutureTestCase.a_registersACallback()"));
        assertRootEmpty();
    }

    // --- One worker running a burst of operations that several tests queued on a shared file ------

    @ExtendWith(AsyncTempExtension.class)
    static class SharedFileTestCase {
        /** Fresh for every run: mutation testing reruns a test many times in one JVM. */
        static volatile CountDownLatch OPEN;
        static HeldExecutor GATE;
        static NamedTemporaryFile<byte[]> shared;
        static volatile CountDownLatch A_QUEUED;
        static volatile CountDownLatch B_DONE;

        @BeforeAll
        static void openTheSharedFile() {
            GATE = HeldExecutor.until(() -> OPEN.getCount() == 0);
            shared = dev.asynctemp.AsyncTempfile.namedTemporaryFile(Mode.BINARY,
                    TempOptions.defaults().withExecutor(GATE)).join();
        }

        @AfterAll
        static void closeTheSharedFile() {
            shared.close();
        }

        @Test
        void a_queuesTheFirstWrite() {
            GATE.arm();
            shared.write(new byte[] {1});
            A_QUEUED.countDown();
            await(B_DONE);
        }

        @Test
        void b_queuesBehindItAndLeaksFromItsCallback() {
            await(A_QUEUED);
            var written = shared.write(new byte[] {2}).thenRun(() -> see(mkdtemp().join()));
            OPEN.countDown();
            written.join();
            B_DONE.countDown();
        }
    }

    @Test
    @DisplayName("each operation of a burst runs for the test that queued it, not for the first one's")
    void burstOnASharedFile() throws IOException {
        SharedFileTestCase.OPEN = new CountDownLatch(1);
        SharedFileTestCase.A_QUEUED = new CountDownLatch(1);
        SharedFileTestCase.B_DONE = new CountDownLatch(1);
        var results = run(SharedFileTestCase.class, PARALLEL);
        results.testEvents().assertStatistics(s -> s.succeeded(1).failed(1));
        assertThat(Kit.failureOf(results, "b_queuesBehindItAndLeaksFromItsCallback"))
                .isInstanceOf(TempFileLeakException.class)
                .satisfies(failure -> assertThat(((TempFileLeakException) failure).leaks()).singleElement()
                        .satisfies(leak -> assertThat(leak.path()).isEqualTo(Kit.seen().get(0))));
        assertRootEmpty();
    }

    // --- A thread started in @BeforeAll, while the class's tests run --------------------------------

    @ExtendWith(AsyncTempExtension.class)
    static class ClassThreadTestCase {
        static volatile CountDownLatch TEST_RUNNING;
        static volatile CountDownLatch CREATED;

        @BeforeAll
        static void startsAServerThread() {
            var server = new Thread(() -> {
                await(TEST_RUNNING);
                see(mkdtemp().join());
                CREATED.countDown();
            }, "server");
            server.setDaemon(true);
            server.start();
        }

        @Test
        void talksToTheServer() {
            TEST_RUNNING.countDown();
            await(CREATED);
        }
    }

    @Test
    @DisplayName("a thread started in @BeforeAll may serve the class's tests: not pinned on the class or a test")
    void classThread() throws IOException {
        ClassThreadTestCase.TEST_RUNNING = new CountDownLatch(1);
        ClassThreadTestCase.CREATED = new CountDownLatch(1);
        var results = run(ClassThreadTestCase.class, Map.of());
        assertThat(results.allEvents().failed().count()).as(Kit.failures(results)).isZero();
        assertThat(runLevel(results)).singleElement().satisfies(line -> assertThat(line)
                .contains("mkdtemp directory " + Kit.seen().get(0))
                .contains("ClassThreadTestCase.talksToTheServer()"));
        assertRootEmpty();
    }
}
