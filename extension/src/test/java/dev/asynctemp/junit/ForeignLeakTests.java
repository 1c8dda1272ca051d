package dev.asynctemp.junit;

import static dev.asynctemp.AsyncTempfile.mkstemp;
import static dev.asynctemp.junit.Kit.see;
import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import dev.asynctemp.internal.ForeignWatch;
import java.io.File;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.RepeatedTest;
import org.junit.jupiter.api.RepetitionInfo;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.TestMethodOrder;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.extension.ExtensionContext;
import org.junit.jupiter.api.extension.BeforeEachCallback;
import org.junit.jupiter.api.io.CleanupMode;
import org.junit.jupiter.api.io.TempDir;
import org.junit.platform.engine.TestExecutionResult;
import org.junit.platform.engine.reporting.ReportEntry;
import org.junit.platform.testkit.engine.EngineExecutionResults;

/**
 * Foreign leaks: what the code under test leaves directly in the JVM's temp root by any API. The
 * build starts this JVM with a private root ({@code -Djava.io.tmpdir=target/tmp-N}), as the README
 * asks users to; these tests check that the detector watches it, then run fixtures through the
 * engine.
 */
@DisplayName("Foreign leaks: files the code under test leaves in the temp root")
class ForeignLeakTests {

    static final Path ROOT = Path.of(System.getProperty("java.io.tmpdir")).toAbsolutePath().normalize();

    @BeforeAll
    static void theBuildGivesThisJvmAPrivateRoot() {
        assertThat(ForeignWatch.start()).as("the build starts the test JVM with a private temp root")
                .isInstanceOf(ForeignWatch.Watching.class);
    }

    @AfterEach
    void removeWhatFixturesLeft() throws IOException {
        for (Path path : Kit.seen()) {
            try (var tree = Files.exists(path) ? Files.walk(path) : java.util.stream.Stream.<Path>empty()) {
                for (Path p : tree.sorted(java.util.Comparator.reverseOrder()).toList()) {
                    Files.deleteIfExists(p);
                }
            }
        }
    }

    private static EngineExecutionResults run(Class<?> fixture, String... keyValues) {
        var configuration = new HashMap<String, String>(Map.of(AsyncTempExtension.FOREIGN_LEAKS_KEY, "fail",
                AsyncTempExtension.LEAK_GRACE_KEY, "0"));
        for (int i = 0; i < keyValues.length; i += 2) {
            configuration.put(keyValues[i], keyValues[i + 1]);
        }
        return Kit.run(fixture, configuration);
    }

    static List<String> runLevel(EngineExecutionResults results) {
        return results.allEvents().reportingEntryPublished().stream()
                .map(e -> e.getRequiredPayload(ReportEntry.class).getKeyValuePairs().get(RunState.RUN_LEVEL_KEY))
                .filter(Objects::nonNull).flatMap(String::lines).toList();
    }

    @ExtendWith(AsyncTempExtension.class)
    static class EveryApiTestCase {
        @Test
        void nioTempFile() throws IOException {
            Files.writeString(see(Files.createTempFile("export-", ".csv")), "id,total\n");
        }

        @Test
        void ioTempFile() throws IOException {
            see(File.createTempFile("legacy-", ".tmp").toPath());
        }

        @Test
        void tempDirectoryWithContent() throws IOException {
            Path dir = see(Files.createTempDirectory("work-"));
            Files.writeString(dir.resolve("a"), "a");
            Files.createDirectory(dir.resolve("b"));
        }

        @Test
        void straightIntoTheRoot() throws IOException {
            Files.write(see(Path.of(System.getProperty("java.io.tmpdir"), "library-cache-" + System.nanoTime())),
                    new byte[7]);
        }
    }

    @Test
    @DisplayName("a file or directory left by any API fails the test that made it, and is left in place")
    void everyApi() {
        var results = run(EveryApiTestCase.class);
        results.testEvents().assertStatistics(s -> s.failed(4));
        assertThat(Kit.leakOf(results, "nioTempFile").leaks()).singleElement().satisfies(leak -> {
            assertThat(leak.kind()).isEqualTo("foreign file");
            assertThat(leak.path().getParent()).isEqualTo(ROOT);
            assertThat(leak.size()).hasToString("9 bytes");
            assertThat(leak.describe()).contains("made by code outside asynctemp");
            assertThat(leak.doubt()).isEmpty();
        });
        assertThat(Kit.leakOf(results, "nioTempFile")).hasMessageContaining("1 entry left in the temp root " + ROOT
                + " by this test, made outside asynctemp (asynctemp leak detector, foreign leaks in fail mode, "
                + "set by asynctemp.leaks.foreign)").hasMessageContaining("Left in place");
        assertThat(Kit.leakOf(results, "ioTempFile").leaks()).singleElement()
                .satisfies(leak -> assertThat(leak.kind()).isEqualTo("foreign file"));
        assertThat(Kit.leakOf(results, "tempDirectoryWithContent").leaks()).singleElement().satisfies(leak -> {
            assertThat(leak.kind()).isEqualTo("foreign directory");
            assertThat(leak.size()).hasToString("2 entries");
        });
        assertThat(Kit.leakOf(results, "straightIntoTheRoot").leaks()).singleElement()
                .satisfies(leak -> assertThat(leak.size()).hasToString("7 bytes"));
        assertThat(Kit.seen()).hasSize(4).allSatisfy(path -> assertThat(path).exists());
        assertThat(runLevel(results)).isEmpty();
    }

    /** Another extension that makes a file before each test and removes it when the test's store closes. */
    static final class StoreCleanedFileExtension implements BeforeEachCallback {
        @Override
        @SuppressWarnings("deprecation") // CloseableResource: the only option in JUnit 5.12
        public void beforeEach(ExtensionContext context) throws IOException {
            Path file = Files.createTempFile("other-extension-", "");
            context.getStore(ExtensionContext.Namespace.create(getClass())).put("file",
                    (ExtensionContext.Store.CloseableResource) () -> Files.delete(file));
        }
    }

    @ExtendWith(AsyncTempExtension.class)
    @ExtendWith(StoreCleanedFileExtension.class)
    static class CleanTestCase {
        @TempDir
        Path field;

        @Test
        void createsAndRemovesThroughEveryApi() throws IOException {
            Files.delete(Files.createTempFile("x", ""));
            Files.delete(File.createTempFile("yyy", null).toPath());
            Path dir = Files.createTempDirectory("z");
            Files.writeString(dir.resolve("inside"), "x");
            Files.delete(dir.resolve("inside"));
            Files.delete(dir);
        }

        @Test
        void usesJUnitTempDirs(@TempDir Path parameter) throws IOException {
            Files.writeString(field.resolve("f"), "f");
            Files.writeString(parameter.resolve("p"), "p");
        }

        @Test
        void asynctempsOwnLeakIsReportedOnce() {
            see(mkstemp().join().path());
        }
    }

    @Test
    @DisplayName("what a test removes, JUnit's @TempDir, another extension's store cleanup and asynctemp's own "
            + "artifacts are not foreign leaks")
    void cleanTests() {
        var results = run(CleanTestCase.class);
        assertThat(results.testEvents().failed().count()).as(Kit.failures(results)).isOne();
        assertThat(Kit.leakOf(results, "asynctempsOwnLeakIsReportedOnce").leaks()).singleElement()
                .satisfies(leak -> assertThat(leak.kind()).isEqualTo("mkstemp file"));
        assertThat(runLevel(results)).isEmpty();
    }

    @ExtendWith(AsyncTempExtension.class)
    static class KeptOwnLeakTestCase {
        @Test
        void leaksAndKeeps() {
            see(mkstemp().join().path());
        }
    }

    @Test
    @DisplayName("asynctemp's own leak, kept on disk by asynctemp.leaks.keep, is reported once, never as foreign too")
    void keptOwnLeak() {
        var results = run(KeptOwnLeakTestCase.class, AsyncTempExtension.KEEP_LEAKS_KEY, "true");
        assertThat(Kit.leakOf(results, "leaksAndKeeps").leaks()).singleElement()
                .satisfies(leak -> assertThat(leak.kind()).isEqualTo("mkstemp file"));
        assertThat(Kit.seen()).singleElement().satisfies(path -> assertThat(path).exists());
        assertThat(results.allEvents().reportingEntryPublished().stream()
                .flatMap(e -> e.getRequiredPayload(ReportEntry.class).getKeyValuePairs().values().stream()))
                .noneMatch(report -> report.contains("foreign file") || report.contains("foreign directory"));
        assertThat(runLevel(results)).isEmpty();
    }

    @ExtendWith(AsyncTempExtension.class)
    static class KeptTempDirTestCase {
        @TempDir(cleanup = CleanupMode.NEVER)
        static Path classField;

        @TempDir(cleanup = CleanupMode.NEVER)
        Path field;

        final Path constructed;

        KeptTempDirTestCase(@TempDir(cleanup = CleanupMode.NEVER) Path constructed) {
            this.constructed = constructed;
        }

        @Test
        void keepsThem(@TempDir(cleanup = CleanupMode.NEVER) Path path, @TempDir(cleanup = CleanupMode.NEVER) File file) {
            for (Path kept : List.of(classField, field, constructed, path, file.toPath())) {
                see(kept);
            }
        }
    }

    @Test
    @DisplayName("JUnit's @TempDir kept by its cleanup mode (fields, static fields, constructor and method "
            + "parameters, Path or File) is JUnit's, not a foreign leak")
    void keptTempDirs() {
        var results = run(KeptTempDirTestCase.class);
        assertThat(results.allEvents().failed().count()).as(Kit.failures(results)).isZero();
        assertThat(runLevel(results)).isEmpty();
        assertThat(Kit.seen()).hasSize(5).doesNotHaveDuplicates().allSatisfy(path -> assertThat(path).isDirectory());
    }

    @ExtendWith(AsyncTempExtension.class)
    @TestInstance(TestInstance.Lifecycle.PER_CLASS)
    static class PerClassTempDirTestCase {
        @TempDir
        Path shared;

        @Test
        void writes() throws IOException {
            Files.writeString(shared.resolve("x"), "x");
        }
    }

    @Test
    @DisplayName("JUnit's @TempDir of a PER_CLASS instance is not a foreign leak either")
    void perClassTempDir() {
        var results = run(PerClassTempDirTestCase.class);
        assertThat(results.allEvents().failed().count()).as(Kit.failures(results)).isZero();
        assertThat(runLevel(results)).isEmpty();
    }

    @ExtendWith(AsyncTempExtension.class)
    @TestMethodOrder(MethodOrderer.MethodName.class)
    static class BeforeTheTestTestCase {
        @Test
        @ForeignLeakDetection(LeakMode.WARN)
        void a_leaves() throws IOException {
            see(Files.createTempFile("left-by-a-", ""));
        }

        @Test
        void b_findsItThere() {
            assertThat(Kit.seen()).singleElement().satisfies(path -> assertThat(path).exists());
        }
    }

    @Test
    @DisplayName("a file that existed before the test is not the test's; the annotation overrides the mode")
    void existedBefore() {
        var results = run(BeforeTheTestTestCase.class);
        assertThat(results.testEvents().failed().count()).as(Kit.failures(results)).isZero();
        assertThat(results.allEvents().reportingEntryPublished().stream()
                .map(e -> e.getRequiredPayload(ReportEntry.class).getKeyValuePairs().get(Leaks.REPORT_KEY))
                .filter(Objects::nonNull)).singleElement().satisfies(report -> assertThat(report)
                .contains("foreign leaks in warn mode, set by @ForeignLeakDetection on method a_leaves()"));
    }

    @ExtendWith(AsyncTempExtension.class)
    @TestMethodOrder(MethodOrderer.MethodName.class)
    static class OutlivingThreadTestCase {
        // Armed afresh for each run: a latch left open by an earlier run in this JVM would let the
        // thread make its file while the first test still runs.
        static volatile CountDownLatch go;
        static volatile CountDownLatch made;

        @BeforeAll
        static void arm() {
            go = new CountDownLatch(1);
            made = new CountDownLatch(1);
        }

        @Test
        void a_startsAThreadThatOutlivesIt() {
            CountDownLatch go = OutlivingThreadTestCase.go;
            CountDownLatch made = OutlivingThreadTestCase.made;
            var thread = new Thread(() -> {
                try {
                    go.await(30, TimeUnit.SECONDS);
                    see(Files.createTempFile("from-a-lingering-thread-", ""));
                } catch (InterruptedException | IOException e) {
                    throw new IllegalStateException(e);
                } finally {
                    made.countDown();
                }
            }, "lingering");
            thread.start();
        }

        @Test
        void b_runsWhileItMakesAFile() throws InterruptedException {
            go.countDown();
            assertThat(made.await(30, TimeUnit.SECONDS)).isTrue();
        }
    }

    @Test
    @DisplayName("a file made while a thread an earlier test left was running is not pinned on the test running")
    void outlivingThread() {
        var results = run(OutlivingThreadTestCase.class);
        assertThat(results.testEvents().failed().count()).as(Kit.failures(results)).isZero();
        assertThat(runLevel(results)).singleElement().satisfies(line -> assertThat(line)
                .contains("foreign file " + Kit.seen().get(0))
                .contains("other threads were running that may have made it: lingering"));
    }

    @ExtendWith(AsyncTempExtension.class)
    static class OtherProcessTestCase {
        @Test
        void anotherProcessWritesIntoTheSystemTemp() throws Exception {
            Path systemTemp = Path.of("/tmp/asynctemp-other-process-" + System.nanoTime());
            Process other = new ProcessBuilder("sh", "-c", "echo x > " + systemTemp).start();
            assertThat(other.waitFor()).isZero();
            see(systemTemp);
        }
    }

    @Test
    @DisplayName("files another process writes into the system's /tmp meanwhile are never blamed")
    void otherProcess() {
        assumeTrue(Files.isDirectory(Path.of("/tmp")) && !ROOT.equals(Path.of("/tmp")));
        var results = run(OtherProcessTestCase.class);
        assertThat(results.testEvents().failed().count()).as(Kit.failures(results)).isZero();
        assertThat(runLevel(results)).isEmpty();
        assertThat(Kit.seen()).singleElement().satisfies(path -> assertThat(path).exists());
    }

    @ExtendWith(AsyncTempExtension.class)
    static class ParallelTestCase {
        static final int TESTS = 48;

        @RepeatedTest(TESTS)
        void test(RepetitionInfo info) throws IOException, InterruptedException {
            Thread.sleep(info.getCurrentRepetition() % 3);
            if (info.getCurrentRepetition() % 3 == 0) {
                see(Files.createTempFile("parallel-" + info.getCurrentRepetition() + "-", ""));
            } else {
                Files.delete(Files.createTempFile("parallel-clean-", ""));
            }
        }
    }

    @RepeatedTest(5)
    @DisplayName("in parallel: never a wrong test, and every leak named, on its test or at run level")
    void parallel() {
        var results = run(ParallelTestCase.class,
                "junit.jupiter.execution.parallel.enabled", "true",
                "junit.jupiter.execution.parallel.mode.default", "concurrent",
                "junit.jupiter.execution.parallel.config.strategy", "fixed",
                "junit.jupiter.execution.parallel.config.fixed.parallelism", "4");
        List<String> runLevel = runLevel(results);
        var wrong = new ArrayList<String>();
        int pinned = 0;
        for (var event : results.testEvents().finished().list()) {
            String name = event.getTestDescriptor().getDisplayName();
            int repetition = Integer.parseInt(name.substring("repetition ".length(), name.indexOf(" of ")));
            Throwable failure = event.getRequiredPayload(TestExecutionResult.class).getThrowable().orElse(null);
            boolean leaky = repetition % 3 == 0;
            if (failure != null) {
                if (!leaky || !(failure instanceof TempFileLeakException leak) || leak.leaks().size() != 1
                        || !leak.leaks().get(0).path().getFileName().toString().startsWith("parallel-" + repetition + "-")) {
                    wrong.add(name + " failed wrongly: " + failure);
                } else {
                    pinned++;
                }
            } else if (leaky && runLevel.stream().noneMatch(line -> line.contains("/parallel-" + repetition + "-")
                    && line.contains("repetition " + repetition + " of "))) {
                wrong.add(name + " leaked, but neither failed nor is named at run level");
            }
        }
        assertThat(wrong).as("wrong verdicts").isEmpty();
        System.out.println("foreign leaks in parallel: " + pinned + " of " + ParallelTestCase.TESTS / 3
                + " pinned on their test, the rest at run level naming it");
    }
}
