package dev.asynctemp.junit;

import static dev.asynctemp.AsyncTempfile.mkdtemp;
import static dev.asynctemp.AsyncTempfile.options;
import static dev.asynctemp.junit.Kit.see;
import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.platform.engine.discovery.DiscoverySelectors.selectClass;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Map;
import java.util.Timer;
import java.util.TimerTask;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import java.util.stream.IntStream;
import java.util.stream.Stream;
import org.junit.jupiter.api.Assertions;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.DynamicTest;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestFactory;
import org.junit.jupiter.api.TestMethodOrder;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.io.TempDir;
import org.junit.platform.launcher.core.LauncherConfig;
import org.junit.platform.launcher.core.LauncherDiscoveryRequestBuilder;
import org.junit.platform.launcher.core.LauncherFactory;
import org.junit.platform.launcher.listeners.SummaryGeneratingListener;

/** Where tests run code on threads other than their own, and where runs nest. */
@DisplayName("Attribution at the edges")
class AttributionEdgeTests {

    @TempDir
    Path root;

    private Map<String, String> configuration(String... more) {
        var map = new java.util.HashMap<String, String>(Map.of(AsyncTempExtension.TMPDIR_KEY, root.toString(),
                AsyncTempExtension.LEAK_GRACE_KEY, "50 ms"));
        for (int i = 0; i < more.length; i += 2) {
            map.put(more[i], more[i + 1]);
        }
        return map;
    }

    private void assertRootEmpty() throws IOException {
        try (Stream<Path> left = Files.list(root)) {
            assertThat(left).isEmpty();
        }
    }

    @ExtendWith(AsyncTempExtension.class)
    static class OtherThreadsTestCase {
        @Test
        @Timeout(value = 10, threadMode = Timeout.ThreadMode.SEPARATE_THREAD)
        void timeoutInSeparateThread() {
            see(mkdtemp().join());
        }

        @Test
        void assertTimeoutPreemptively() {
            Assertions.assertTimeoutPreemptively(Duration.ofSeconds(10), () -> see(mkdtemp().join()));
        }
    }

    @Test
    @DisplayName("code that JUnit runs on another thread (@Timeout SEPARATE_THREAD, assertTimeoutPreemptively) is the test's")
    void junitThreads() throws IOException {
        var results = Kit.run(OtherThreadsTestCase.class, configuration());
        results.testEvents().assertStatistics(s -> s.failed(2));
        assertThat(Kit.failureOf(results, "timeoutInSeparateThread")).isInstanceOf(TempFileLeakException.class);
        assertThat(Kit.failureOf(results, "assertTimeoutPreemptively")).isInstanceOf(TempFileLeakException.class);
        assertRootEmpty();
    }

    @ExtendWith(AsyncTempExtension.class)
    static class FactoryTestCase {
        @TestFactory
        Stream<DynamicTest> leakingDynamicTests() {
            return IntStream.range(0, 8).mapToObj(i -> DynamicTest.dynamicTest("dynamic " + i, () -> {
                Thread.sleep(5);
                see(mkdtemp().join());
            }));
        }
    }

    @Test
    @DisplayName("dynamic tests, even run concurrently on other threads, are charged to their factory")
    void dynamicTests() throws IOException {
        var results = Kit.run(FactoryTestCase.class, configuration(
                "junit.jupiter.execution.parallel.enabled", "true",
                "junit.jupiter.execution.parallel.mode.default", "concurrent"));
        var failure = results.containerEvents().failed().stream().findFirst().orElseThrow()
                .getRequiredPayload(org.junit.platform.engine.TestExecutionResult.class).getThrowable().orElseThrow();
        assertThat(failure).isInstanceOf(TempFileLeakException.class);
        assertThat(((TempFileLeakException) failure).leaks()).hasSize(8)
                .allSatisfy(leak -> assertThat(leak.path()).hasParentRaw(root));
        assertRootEmpty();
    }

    @ExtendWith(AsyncTempExtension.class)
    static class FailingConstructorTestCase {
        FailingConstructorTestCase() {
            see(mkdtemp().join());
            throw new IllegalStateException("constructor fails");
        }

        @Test
        void test() {
        }
    }

    @Test
    @DisplayName("when the test instance cannot be built, what its constructor leaked is still reported and removed")
    void failingConstructor() throws IOException {
        var results = Kit.run(FailingConstructorTestCase.class, configuration());
        Throwable failure = Kit.failureOf(results, "test");
        assertThat(failure).hasMessage("constructor fails");
        assertThat(failure.getSuppressed()).anySatisfy(suppressed ->
                assertThat(suppressed).hasStackTraceContaining("1 temporary artifact leaked by this test"));
        assertRootEmpty();
    }

    // Armed afresh for each run of the fixture: latches left open by an earlier run in this JVM
    // would let its tests run past each other.
    static volatile CountDownLatch timerStarted;
    static volatile CountDownLatch timerTaskDone;
    static volatile Timer shared;

    @ExtendWith(AsyncTempExtension.class)
    @TestMethodOrder(MethodOrderer.MethodName.class)
    static class SharedTimerTestCase {
        @BeforeAll
        static void arm() {
            timerStarted = new CountDownLatch(1);
            timerTaskDone = new CountDownLatch(1);
        }

        @Test
        void a_startsTheSharedTimer() throws InterruptedException {
            shared = new Timer("shared", true);
            timerStarted.countDown();
            timerTaskDone.await(10, TimeUnit.SECONDS);
        }

        @Test
        void b_schedulesWorkOnIt() throws InterruptedException {
            timerStarted.await(10, TimeUnit.SECONDS);
            shared.schedule(new TimerTask() {
                @Override
                public void run() {
                    see(mkdtemp().join());
                    timerTaskDone.countDown();
                }
            }, 0);
            timerTaskDone.await(10, TimeUnit.SECONDS);
        }
    }

    @Test
    @DisplayName("a shared timer thread that inherited one test's scope never blames that test for another's work")
    void sharedTimer() throws IOException {
        var results = Kit.run(SharedTimerTestCase.class, configuration(
                "junit.jupiter.execution.parallel.enabled", "true",
                "junit.jupiter.execution.parallel.mode.default", "concurrent"));
        shared.cancel();
        assertThat(results.testEvents().failed().count()).as(Kit.failures(results)).isZero();
        for (Path path : Kit.seen()) {
            Files.deleteIfExists(path);
        }
    }

    @ExtendWith(AsyncTempExtension.class)
    static class CleanTestCase {
        @Test
        void clean() {
        }
    }

    @Test
    @DisplayName("a nested run neither reports, nor removes, nor fails on what the outer run made before it")
    void nestedRuns() throws Exception {
        // Made on a pool thread: outside any test, so it belongs to the run(s) listening now.
        var pool = Executors.newSingleThreadExecutor();
        Path outer;
        try {
            outer = pool.submit(() -> mkdtemp(options().withPrefix("outer-").withDir(root)).join()).get();
        } finally {
            pool.shutdown();
        }
        var printed = new java.io.ByteArrayOutputStream();
        var summary = new SummaryGeneratingListener();
        LauncherFactory.create(LauncherConfig.builder().enableTestExecutionListenerAutoRegistration(false)
                        .addTestExecutionListeners(new LeakReportListener(new java.io.PrintStream(printed, true)), summary)
                        .build())
                .execute(LauncherDiscoveryRequestBuilder.request().selectors(selectClass(CleanTestCase.class))
                        .configurationParameters(configuration(AsyncTempExtension.FAIL_RUN_KEY, "true")).build());
        assertThat(summary.getSummary().getTotalFailureCount()).isZero();
        assertThat(printed.toString()).contains("no temporary artifacts leaked in 1 test.").doesNotContain("outer-");
        assertThat(outer).isDirectory();
        Files.delete(outer);
    }
}
