package dev.asynctemp.junit;

import static dev.asynctemp.AsyncTempfile.mkdtemp;
import static dev.asynctemp.junit.Kit.see;
import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.platform.engine.discovery.DiscoverySelectors.selectClass;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.Map;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.io.TempDir;
import org.junit.platform.launcher.core.LauncherConfig;
import org.junit.platform.launcher.core.LauncherDiscoveryRequestBuilder;
import org.junit.platform.launcher.core.LauncherFactory;
import org.junit.platform.launcher.listeners.SummaryGeneratingListener;
import org.junit.platform.launcher.listeners.TestExecutionSummary;

@DisplayName("Run-wide leak report")
class LeakReportTests {

    @TempDir
    Path root;

    private final ByteArrayOutputStream printed = new ByteArrayOutputStream();

    /** Runs {@code fixture} through a real launcher with our listener, as a build tool would. */
    private TestExecutionSummary launch(Class<?> fixture, String... keyValues) {
        Kit.SEEN.clear();
        var configuration = new HashMap<String, String>(Map.of(AsyncTempExtension.TMPDIR_KEY, root.toString(),
                AsyncTempExtension.LEAK_GRACE_KEY, "0"));
        for (int i = 0; i < keyValues.length; i += 2) {
            configuration.put(keyValues[i], keyValues[i + 1]);
        }
        var summary = new SummaryGeneratingListener();
        var launcher = LauncherFactory.create(LauncherConfig.builder()
                .enableTestExecutionListenerAutoRegistration(false)
                .addTestExecutionListeners(new LeakReportListener(new PrintStream(printed, true, StandardCharsets.UTF_8)),
                        summary)
                .build());
        launcher.execute(LauncherDiscoveryRequestBuilder.request().selectors(selectClass(fixture))
                .configurationParameters(configuration).build());
        return summary.getSummary();
    }

    private String printed() {
        return printed.toString(StandardCharsets.UTF_8);
    }

    @ExtendWith(AsyncTempExtension.class)
    static class MixedTestCase {
        @Test
        void clean() {
        }

        @Test
        void leaks() {
            see(mkdtemp().join());
        }

        @Test
        @LeakDetection(LeakMode.WARN)
        void warns() {
            see(mkdtemp().join());
        }
    }

    @Test
    @DisplayName("prints which tests leaked what, and writes this JVM's JSON report into the report directory")
    void summaryAndReport() throws Exception {
        Path reports = root.resolve("reports");
        var summary = launch(MixedTestCase.class, AsyncTempExtension.LEAK_REPORT_KEY, reports.toString());
        assertThat(summary.getTestsFailedCount()).isEqualTo(1);
        Path report = onlyReport(reports);
        assertThat(printed()).contains("asynctemp leak detector: 2 tests or classes leaked temporary artifacts, "
                        + "and 0 artifacts were not pinned on any test.")
                .contains("FAILED leaks()").contains("WARNED warns()")
                .contains("mkdtemp directory " + Kit.seen().get(0))
                .contains("Some of these did not fail the build; set asynctemp.leaks.fail-run=true to make any leak fail it.")
                .contains("Report written to " + report);
        String json = Files.readString(report);
        assertThat(json).startsWith("{\"schema\":\"" + LeakReportFile.SCHEMA + "\",\"version\":1,\"jvm\":{\"pid\":"
                        + ProcessHandle.current().pid() + ",")
                .contains("\"testsJudged\":3,\"leakingTests\":[{\"uniqueId\":")
                .contains("\"name\":\"dev.asynctemp.junit.LeakReportTests$MixedTestCase.leaks()\",\"mode\":\"fail\","
                        + "\"modeSource\":\"the default\",\"failed\":true,\"artifacts\":[{\"kind\":\"mkdtemp directory\"")
                .contains("\"size\":{\"value\":0,\"unit\":\"entries\"}")
                .contains("\"mode\":\"warn\",\"modeSource\":\"set by @LeakDetection on method warns()\",\"failed\":false")
                .contains("\"runLevel\":[]");
        assertThat(Kit.seen()).allSatisfy(p -> assertThat(p).doesNotExist());
    }

    static Path onlyReport(Path reports) throws java.io.IOException {
        try (var files = Files.list(reports)) {
            var all = files.toList();
            assertThat(all).as("report files in " + reports).hasSize(1);
            return all.get(0);
        }
    }

    @ExtendWith(AsyncTempExtension.class)
    static class CleanTestCase {
        @Test
        void clean() {
        }
    }

    @Test
    @DisplayName("a clean run says so in one line, and its report lists no leaks")
    void cleanRun() throws Exception {
        Path reports = root.resolve("reports");
        launch(CleanTestCase.class, AsyncTempExtension.LEAK_REPORT_KEY, reports.toString());
        assertThat(printed()).contains("asynctemp leak detector: no temporary artifacts leaked in 1 test.");
        assertThat(Files.readString(onlyReport(reports)))
                .endsWith(",\"testsJudged\":1,\"leakingTests\":[],\"runLevel\":[]}" + System.lineSeparator());
    }

    static class NoAsyncTempTestCase {
        @Test
        void plain() {
        }
    }

    @Test
    @DisplayName("stays silent in runs that never used asynctemp")
    void silentWhenUnused() {
        launch(NoAsyncTempTestCase.class);
        assertThat(printed()).isEmpty();
    }

    @ExtendWith(AsyncTempExtension.class)
    static class StaticInitTestCase {
        static final Path MADE_IN_STATIC_INIT = see(mkdtemp().join());

        @Test
        void clean() {
            assertThat(MADE_IN_STATIC_INIT).isDirectory();
        }
    }

    @Test
    @Tag("once-per-jvm") // a JVM runs a static initialiser once: mutation testing, which reruns tests, skips it
    @DisplayName("something created in a static initialiser is reported at run level, not pinned on the test")
    void runLevel() {
        var summary = launch(StaticInitTestCase.class);
        assertThat(summary.getTestsSucceededCount()).isEqualTo(1);
        assertThat(printed()).contains("0 tests or classes leaked temporary artifacts, and 1 artifact was "
                + "not pinned on any test.").contains("mkdtemp directory " + Kit.seen().get(0))
                .contains("created at dev.asynctemp.junit.LeakReportTests$StaticInitTestCase.<clinit>")
                .contains("not blamed on a test: created by a static initialiser");
        assertThat(Kit.seen()).allSatisfy(p -> assertThat(p).doesNotExist());
    }

    @Test
    @DisplayName("fail-run: a warned leak fails the engine, so the build fails")
    void failRunOnWarnedLeak() {
        var summary = launch(MixedTestCase.class, AsyncTempExtension.LEAKS_KEY, "warn",
                AsyncTempExtension.FAIL_RUN_KEY, "true");
        assertThat(summary.getTestsSucceededCount()).isEqualTo(3);
        assertThat(summary.getContainersFailedCount()).isEqualTo(1);
        assertThat(summary.getFailures()).anySatisfy(failure -> assertThat(failure.getException())
                .hasMessageContaining("The run leaked temporary artifacts and asynctemp.leaks.fail-run=true: "
                        + "2 tests or classes leaked")
                .hasMessageContaining("  - dev.asynctemp.junit.LeakReportTests$MixedTestCase.leaks() (1 artifact)")
                .hasMessageContaining("  - dev.asynctemp.junit.LeakReportTests$MixedTestCase.warns() (1 artifact)")
                .isInstanceOf(TempFileLeakException.class));
        assertThat(printed()).doesNotContain("to make any leak fail it");
    }

    @ExtendWith(AsyncTempExtension.class)
    static class PoolTestCase {
        @Test
        void handsWorkToAPool() {
            Kit.mkdtempOnAPool();
        }
    }

    @Test
    @DisplayName("fail-run: a run-level leak fails the engine too, naming the artifact")
    void failRunOnRunLevelLeak() {
        var summary = launch(PoolTestCase.class, AsyncTempExtension.FAIL_RUN_KEY, "true");
        assertThat(summary.getTestsSucceededCount()).isEqualTo(1);
        assertThat(summary.getFailures()).singleElement().satisfies(failure -> {
            assertThat(failure.getTestIdentifier().getUniqueId()).isEqualTo("[engine:junit-jupiter]");
            assertThat(failure.getException()).isInstanceOf(TempFileLeakException.class)
                    .hasMessageContaining("1 artifact was not pinned on any test")
                    .hasMessageContaining("mkdtemp directory " + Kit.seen().get(0));
        });
        assertThat(Kit.seen()).allSatisfy(p -> assertThat(p).doesNotExist());
    }

    @Test
    @DisplayName("fail-run on a clean run changes nothing")
    void failRunClean() {
        var summary = launch(CleanTestCase.class, AsyncTempExtension.FAIL_RUN_KEY, "true");
        assertThat(summary.getTotalFailureCount()).isZero();
    }
}
