package dev.asynctemp.junit;

import static dev.asynctemp.AsyncTempfile.mkdtemp;
import static dev.asynctemp.AsyncTempfile.mkstemp;
import static dev.asynctemp.AsyncTempfile.namedTemporaryFile;
import static dev.asynctemp.AsyncTempfile.options;
import static dev.asynctemp.AsyncTempfile.spooledTemporaryFile;
import static dev.asynctemp.AsyncTempfile.temporaryDirectory;
import static dev.asynctemp.AsyncTempfile.temporaryFile;
import static dev.asynctemp.junit.Kit.see;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.asynctemp.Mode;
import dev.asynctemp.MkstempFile;
import dev.asynctemp.TempOptions;
import dev.asynctemp.TemporaryDirectory;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.io.TempDir;
import org.junit.platform.engine.reporting.ReportEntry;
import org.junit.platform.testkit.engine.EngineExecutionResults;

@DisplayName("Leak detector")
class LeakDetectionTests {

    @TempDir
    Path root;

    private EngineExecutionResults run(Class<?> fixture, String... keyValues) {
        var configuration = new java.util.HashMap<String, String>();
        configuration.put(AsyncTempExtension.TMPDIR_KEY, root.toString());
        configuration.put(AsyncTempExtension.LEAK_GRACE_KEY, "50 ms");
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

    @ExtendWith(AsyncTempExtension.class)
    static class EveryKindTestCase {
        @Test
        void mkstempOpen() {
            see(mkstemp().join().path());
        }

        @Test
        void mkstempClosed() throws IOException {
            MkstempFile made = mkstemp(options().withPrefix("data-").withSuffix(".txt")).join();
            made.channel().write(ByteBuffer.wrap(new byte[12]));
            made.close();
            see(made.path());
        }

        @Test
        void mkdtempWithContent() throws IOException {
            Path dir = mkdtemp().join();
            Files.writeString(dir.resolve("a"), "a");
            Files.createDirectory(dir.resolve("b"));
            see(dir);
        }

        @Test
        void namedDeleteFalse() {
            var file = namedTemporaryFile(Mode.TEXT, TempOptions.defaults().withDelete(false)).join();
            file.close();
            see(file.path());
        }

        @Test
        void directoryDeleteFalse() {
            var dir = temporaryDirectory(TempOptions.defaults().withDelete(false)).join();
            dir.close();
            see(dir.path());
        }

        @Test
        void temporaryFileNeverClosed() {
            temporaryFile().join();
        }

        @Test
        void namedNeverClosed() {
            see(namedTemporaryFile().join().path());
        }

        @Test
        void spooledNeverClosed() {
            spooledTemporaryFile(10);
        }

        @Test
        void directoryNeverClosed() {
            see(temporaryDirectory().join().path());
        }
    }

    @Test
    @DisplayName("fails each test that leaks, listing kind, path, size, handle and the creating line; then removes it")
    void everyKind() throws IOException {
        var results = run(EveryKindTestCase.class);
        results.testEvents().assertStatistics(s -> s.failed(9).succeeded(0));
        assertThat(Kit.leakOf(results, "mkstempOpen").leaks()).singleElement().satisfies(leak -> {
            assertThat(leak.kind()).isEqualTo("mkstemp file");
            assertThat(leak.path()).hasParentRaw(root);
            assertThat(leak.handleOpen()).isTrue();
            assertThat(leak.size()).hasToString("0 bytes");
            assertThat(leak.createdAt().getMethodName()).isEqualTo("mkstempOpen");
            assertThat(leak.createdAt().getClassName()).endsWith("EveryKindTestCase");
        });
        var closed = Kit.leakOf(results, "mkstempClosed");
        assertThat(closed).hasMessageContaining("1 temporary artifact leaked by this test")
                .hasMessageContaining("mkstemp file " + root)
                .hasMessageContaining("(12 bytes, channel closed, still on disk), created at "
                        + "dev.asynctemp.junit.LeakDetectionTests$EveryKindTestCase.mkstempClosed(LeakDetectionTests.java:")
                .hasMessageContaining("To fix: delete its path when done")
                .hasMessageContaining("They have been closed and removed");
        assertThat(closed.getSuppressed()).singleElement().satisfies(stack ->
                assertThat(stack).hasMessageEndingWith("was created here"));
        assertThat(Kit.leakOf(results, "mkdtempWithContent").leaks().get(0).size())
                .isEqualTo(new LeakedArtifact.Size(2, LeakedArtifact.Size.Unit.ENTRIES)).hasToString("2 entries");
        assertThat(Kit.leakOf(results, "namedDeleteFalse").leaks().get(0).detail()).isEqualTo("delete=false");
        assertThat(Kit.leakOf(results, "directoryDeleteFalse").leaks().get(0).kind()).isEqualTo("TemporaryDirectory");
        assertThat(Kit.leakOf(results, "temporaryFileNeverClosed").leaks().get(0)).satisfies(leak -> {
            assertThat(leak.kind()).isEqualTo("TemporaryFile");
            assertThat(leak.handleOpen()).isTrue();
            assertThat(leak.describe()).contains("never closed");
        });
        assertThat(Kit.leakOf(results, "namedNeverClosed").leaks().get(0).handleOpen()).isTrue();
        assertThat(Kit.leakOf(results, "spooledNeverClosed").leaks().get(0).detail()).isEqualTo("maxSize=10");
        assertThat(Kit.leakOf(results, "directoryNeverClosed").leaks()).hasSize(1);
        assertThat(Kit.seen()).allSatisfy(p -> assertThat(p).doesNotExist());
        assertRootEmpty();
    }

    @ExtendWith(AsyncTempExtension.class)
    static class CleanTestCase {
        MkstempFile fromTest;

        @Test
        void createsAndRemoves() throws IOException {
            MkstempFile made = mkstemp().join();
            made.close();
            Files.delete(made.path());
            Files.delete(mkdtemp().join());
            temporaryFile().join().close();
            try (var named = namedTemporaryFile(Mode.TEXT, TempOptions.defaults().withDelete(false)).join()) {
                Files.delete(named.path());
            }
            spooledTemporaryFile(4).close();
            temporaryDirectory().join().close();
        }

        @Test
        void removedByAfterEach() {
            fromTest = mkstemp().join();
        }

        @AfterEach
        void tearDown() throws IOException {
            if (fromTest != null) {
                fromTest.close();
                Files.delete(fromTest.path());
            }
        }

        @Test
        void insideAnInjectedDirectory(TemporaryDirectory dir) throws IOException {
            mkstemp(options().withDir(dir.path())).join().close();   // the channel is closed; the file is left
            mkdtemp(options().withDir(dir.path())).join();
        }

        @Test
        void closingStillInFlight() {
            namedTemporaryFile().join().closeAsync();
            mkdtemp().thenAccept(dir -> {
                try {
                    Thread.sleep(20);
                    Files.delete(dir);
                } catch (IOException | InterruptedException e) {
                    throw new IllegalStateException(e);
                }
            });
        }
    }

    @Test
    @DisplayName("does not blame tests that remove what they create, in the test, in @AfterEach, by an injected directory, or asynchronously within the grace period")
    void cleanTests() throws IOException {
        var results = run(CleanTestCase.class, AsyncTempExtension.LEAK_GRACE_KEY, "2 s");
        assertThat(results.testEvents().failed().count()).as(Kit.failures(results)).isZero();
        results.testEvents().assertStatistics(s -> s.succeeded(4));
        assertRootEmpty();
    }

    @ExtendWith(AsyncTempExtension.class)
    static class OpenHandleTestCase {
        @Test
        void channelLeftOpenInsideAnInjectedDirectory(TemporaryDirectory dir) {
            mkstemp(options().withDir(dir.path())).join();
        }
    }

    @Test
    @DisplayName("an open channel is a leak of its own, even once its directory is removed")
    void openHandleInRemovedDirectory() {
        var results = run(OpenHandleTestCase.class);
        assertThat(Kit.leakOf(results, "channelLeftOpenInsideAnInjectedDirectory").leaks()).singleElement()
                .satisfies(leak -> {
                    assertThat(leak.handleOpen()).isTrue();
                    assertThat(leak.size()).isNull();
                });
    }

    @ExtendWith(AsyncTempExtension.class)
    static class ThreadsTestCase {
        @Test
        void fromAWorkerCallback() {
            // mkstemp is called on a library worker thread, inside the callback of mkdtemp's future.
            Path file = mkdtemp().thenCompose(dir -> mkstemp(options().withDir(dir))).join().path();
            see(file.getParent());
        }

        @Test
        void fromAThreadTheTestStarts() throws InterruptedException {
            var thread = new Thread(() -> see(mkdtemp().join()));
            thread.start();
            thread.join();
        }
    }

    @Test
    @DisplayName("blames the test for what its library workers and its own threads created")
    void threads() {
        var results = run(ThreadsTestCase.class);
        results.testEvents().assertStatistics(s -> s.failed(2));
        assertThat(Kit.leakOf(results, "fromAWorkerCallback").leaks()).extracting(LeakedArtifact::kind)
                .containsExactly("mkdtemp directory", "mkstemp file");
        assertThat(Kit.leakOf(results, "fromAThreadTheTestStarts").leaks()).singleElement()
                .satisfies(leak -> assertThat(leak.path()).isEqualTo(Kit.seen().get(1)));
    }

    @ExtendWith(AsyncTempExtension.class)
    static class ModesTestCase {
        @Test
        void leaks() {
            see(mkdtemp().join());
        }

        @Test
        @LeakDetection(LeakMode.FAIL)
        void leaksButFailsAnyway() {
            see(mkdtemp().join());
        }
    }

    @Test
    @DisplayName("warn: publishes a report entry and passes; an annotation overrides the configuration")
    void warnMode() throws IOException {
        var results = run(ModesTestCase.class, AsyncTempExtension.LEAKS_KEY, "warn");
        results.testEvents().assertStatistics(s -> s.succeeded(1).failed(1));
        var entries = results.allEvents().reportingEntryPublished().stream()
                .map(e -> e.getRequiredPayload(ReportEntry.class).getKeyValuePairs()).toList();
        assertThat(entries).hasSize(2).allSatisfy(pairs -> assertThat(pairs.get("asynctemp.leak"))
                .contains("mkdtemp directory"));
        assertThat(entries).extracting(pairs -> pairs.get("asynctemp.leak").lines().findFirst().orElseThrow())
                .containsExactlyInAnyOrder(
                        "1 temporary artifact leaked by this test (asynctemp leak detector in warn mode, set by "
                                + "asynctemp.leaks):",
                        "1 temporary artifact leaked by this test (asynctemp leak detector in fail mode, set by "
                                + "@LeakDetection on method leaksButFailsAnyway()):");
        assertRootEmpty();
    }

    @Test
    @DisplayName("off: checks nothing, removes nothing")
    void offMode() throws IOException {
        var results = run(ModesTestCase.class, AsyncTempExtension.LEAKS_KEY, "off");
        results.testEvents().assertStatistics(s -> s.succeeded(1).failed(1));
        assertThat(Kit.seen().stream().filter(Files::exists)).hasSize(1);
        for (Path path : Kit.seen()) {
            Files.deleteIfExists(path);
        }
    }

    @Test
    @DisplayName("keep: reports the leak but leaves it on disk for debugging")
    void keep() throws IOException {
        var results = run(ModesTestCase.class, AsyncTempExtension.KEEP_LEAKS_KEY, "true");
        results.testEvents().assertStatistics(s -> s.failed(2));
        assertThat(Kit.failureOf(results, "leaks")).hasMessageContaining("Kept for debugging");
        assertThat(Kit.seen()).allSatisfy(p -> assertThat(p).isDirectory());
        for (Path path : Kit.seen()) {
            Files.delete(path);
        }
    }

    @ExtendWith(AsyncTempExtension.class)
    @LeakDetection(LeakMode.OFF)
    static class ClassOffTestCase {
        @Test
        void leaks() {
            see(mkdtemp().join());
        }

        @Nested
        class Inner {
            @Test
            @LeakDetection(LeakMode.FAIL)
            void leaksToo() {
                see(mkdtemp().join());
            }
        }
    }

    @Test
    @DisplayName("@LeakDetection on a class applies to its nested classes; on a method it wins")
    void annotationNesting() throws IOException {
        var results = run(ClassOffTestCase.class);
        results.testEvents().assertStatistics(s -> s.succeeded(1).failed(1));
        for (Path path : Kit.seen()) {
            Files.deleteIfExists(path);
        }
    }

    @ExtendWith(AsyncTempExtension.class)
    static class ClassLevelTestCase {
        @BeforeAll
        static void setUp() {
            see(mkdtemp().join());
        }

        @Test
        void clean() {
        }
    }

    @Test
    @DisplayName("a leak in @BeforeAll fails the class, not a test")
    void classLevel() {
        var results = run(ClassLevelTestCase.class);
        results.testEvents().assertStatistics(s -> s.succeeded(1));
        var failure = results.containerEvents().failed().stream().findFirst().orElseThrow()
                .getRequiredPayload(org.junit.platform.engine.TestExecutionResult.class).getThrowable().orElseThrow();
        assertThat(failure).isInstanceOf(TempFileLeakException.class)
                .hasMessageContaining("leaked by class ClassLevelTestCase (in @BeforeAll");
        assertThat(Kit.seen().get(0)).doesNotExist();
    }

    // Fresh for every run: mutation testing reruns a test many times in one JVM.
    static volatile java.util.concurrent.CountDownLatch OUTLIVER_MAY_CREATE;
    static volatile java.util.concurrent.CountDownLatch OUTLIVER_DONE;

    @ExtendWith(AsyncTempExtension.class)
    @org.junit.jupiter.api.TestMethodOrder(org.junit.jupiter.api.MethodOrderer.MethodName.class)
    static class OutliverTestCase {
        @Test
        void a_startsAThreadThatOutlivesIt() {
            new Thread(() -> {
                try {
                    OUTLIVER_MAY_CREATE.await();
                    see(mkdtemp().join());
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                } finally {
                    OUTLIVER_DONE.countDown();
                }
            }).start();
        }

        @Test
        void b_runsWhileTheOtherThreadCreates() throws InterruptedException {
            OUTLIVER_MAY_CREATE.countDown();
            OUTLIVER_DONE.await();
        }
    }

    @Test
    @DisplayName("a thread that outlives its test creates at run level: no test is blamed")
    void outliver() throws IOException {
        OUTLIVER_MAY_CREATE = new java.util.concurrent.CountDownLatch(1);
        OUTLIVER_DONE = new java.util.concurrent.CountDownLatch(1);
        var results = run(OutliverTestCase.class);
        assertThat(results.testEvents().failed().count()).as(Kit.failures(results)).isZero();
        assertThat(Kit.seen()).hasSize(1);
        // Nobody listens at run level under EngineTestKit, so nothing reports it; clean up by hand.
        Files.deleteIfExists(Kit.seen().get(0));
    }

    @ExtendWith(AsyncTempExtension.class)
    static class AssertNoLeaksTestCase {
        @Test
        void passesWhenClean() {
            TempLeaks.assertNoLeaks();
            assertThat(TempLeaks.leaks()).isEmpty();
        }

        @Test
        void failsOnALeak() {
            Path dir = see(mkdtemp().join());
            try {
                TempLeaks.assertNoLeaks();
            } finally {
                dir.toFile().delete();
            }
        }

        @Test
        void waitsForCleanupInFlight() {
            var file = namedTemporaryFile().join();
            assertThat(TempLeaks.leaks()).hasSize(1);
            file.closeAsync();
            TempLeaks.assertNoLeaks(Duration.ofSeconds(5));
        }
    }

    @Test
    @DisplayName("TempLeaks.assertNoLeaks checks at any point, waiting for cleanup in flight if asked")
    void assertNoLeaks() {
        var results = run(AssertNoLeaksTestCase.class);
        results.testEvents().assertStatistics(s -> s.succeeded(2).failed(1));
        assertThat(Kit.failureOf(results, "failsOnALeak")).isInstanceOf(TempFileLeakException.class)
                .hasMessageStartingWith("1 temporary artifact not cleaned up:");
    }

    @Test
    @DisplayName("TempLeaks outside a test says what is missing")
    void outsideATest() {
        assertThatThrownBy(TempLeaks::assertNoLeaks).isInstanceOf(IllegalStateException.class)
                .hasMessageStartingWith("TempLeaks needs a test of a class that uses AsyncTempExtension");
        assertThatThrownBy(() -> TempLeaks.assertNoLeaks(Duration.ofSeconds(-1)))
                .isInstanceOf(IllegalArgumentException.class);
    }

    @Test
    @DisplayName("an invalid leak setting fails with the key and the allowed values")
    void invalidSettings() {
        for (var setting : List.of(Map.entry(AsyncTempExtension.LEAKS_KEY, "loud"),
                Map.entry(AsyncTempExtension.KEEP_LEAKS_KEY, "yes"),
                Map.entry(AsyncTempExtension.LEAK_GRACE_KEY, "a while"))) {
            var results = run(ModesTestCase.class, setting.getKey(), setting.getValue());
            assertThat(Kit.failures(results)).contains("Invalid value '" + setting.getValue()
                    + "' for configuration parameter '" + setting.getKey() + "'");
        }
    }
}
