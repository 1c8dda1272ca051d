package dev.asynctemp.junit;

import static dev.asynctemp.AsyncTempfile.mkdtemp;
import static dev.asynctemp.junit.Kit.see;
import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.platform.engine.discovery.DiscoverySelectors.selectClass;

import com.networknt.schema.InputFormat;
import com.networknt.schema.Schema;
import com.networknt.schema.SchemaRegistry;
import com.networknt.schema.SpecificationVersion;
import dev.asynctemp.AsyncTempfile;
import dev.asynctemp.TempOptions;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.PrintStream;
import java.lang.annotation.ElementType;
import java.lang.annotation.Retention;
import java.lang.annotation.RetentionPolicy;
import java.lang.annotation.Target;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.io.TempDir;
import org.junit.platform.engine.reporting.ReportEntry;
import org.junit.platform.launcher.core.LauncherConfig;
import org.junit.platform.launcher.core.LauncherDiscoveryRequestBuilder;
import org.junit.platform.launcher.core.LauncherFactory;
import org.junit.platform.launcher.listeners.SummaryGeneratingListener;
import org.junit.platform.launcher.listeners.TestExecutionSummary;

/** The report file, its schema, configuration mistakes, and where a leak mode comes from. */
@DisplayName("Leak report and configuration")
class ReportAndConfigurationTests {

    @TempDir
    Path root;

    private final ByteArrayOutputStream printed = new ByteArrayOutputStream();

    private Map<String, String> configuration(String... keyValues) {
        var configuration = new HashMap<String, String>(Map.of(AsyncTempExtension.TMPDIR_KEY, root.toString(),
                AsyncTempExtension.LEAK_GRACE_KEY, "0"));
        for (int i = 0; i < keyValues.length; i += 2) {
            configuration.put(keyValues[i], keyValues[i + 1]);
        }
        return configuration;
    }

    private TestExecutionSummary launch(Class<?> fixture, String... keyValues) {
        Kit.SEEN.clear();
        var summary = new SummaryGeneratingListener();
        LauncherFactory.create(LauncherConfig.builder().enableTestExecutionListenerAutoRegistration(false)
                        .addTestExecutionListeners(new LeakReportListener(new PrintStream(printed, true,
                                StandardCharsets.UTF_8)), summary).build())
                .execute(LauncherDiscoveryRequestBuilder.request().selectors(selectClass(fixture))
                        .configurationParameters(configuration(keyValues)).build());
        return summary.getSummary();
    }

    @ExtendWith(AsyncTempExtension.class)
    static class EveryShapeTestCase {
        @Test
        void handsWorkToAPool() {
            Kit.mkdtempOnAPool();
        }

        @Test
        void leaksAFileWithContent() throws IOException {
            var made = AsyncTempfile.mkstemp(TempOptions.defaults().withSuffix(".csv")).join();
            Files.writeString(see(made.path()), "a,\"quoted\"\n\tb");
        }

        @Test
        @LeakDetection(LeakMode.WARN)
        void warnsAboutADirectory() throws IOException {
            Path dir = see(mkdtemp().join());
            Files.createDirectory(dir.resolve("sub"));
            Files.writeString(dir.resolve("sub/file"), "x");
        }

        @Test
        void leaksAnUnclosedFileObject() {
            AsyncTempfile.temporaryFile().join();
        }

        @Test
        void clean() {
        }
    }

    @Test
    @DisplayName("a real report validates against the JSON Schema shipped in the jar, with sizes as numbers")
    void schema() throws IOException {
        Path reports = root.resolve("reports");
        launch(EveryShapeTestCase.class, AsyncTempExtension.LEAK_REPORT_KEY, reports.toString());
        Path report = LeakReportTests.onlyReport(reports);
        String json = Files.readString(report);
        Schema schema;
        try (InputStream in = LeakReportFile.class.getResourceAsStream("leak-report-1.schema.json")) {
            assertThat(in).as("schema resource").isNotNull();
            schema = SchemaRegistry.withDefaultDialect(SpecificationVersion.DRAFT_2020_12).getSchema(in);
        }
        assertThat(schema.validate(json, InputFormat.JSON)).as(json).isEmpty();
        assertThat(json).contains("\"size\":{\"value\":13,\"unit\":\"bytes\"}")
                .contains("\"size\":{\"value\":2,\"unit\":\"entries\"}")
                .contains("\"testsJudged\":5")
                .contains("\"doubt\":\"created on a thread of a pool")
                .containsPattern("\"createdAt\":\"[^\"]*EveryShapeTestCase\\.leaksAFileWithContent\\("
                        + "ReportAndConfigurationTests\\.java:\\d+\\)\"")
                .contains("\"candidates\":[\"dev.asynctemp.junit.ReportAndConfigurationTests$EveryShapeTestCase"
                        + ".handsWorkToAPool()\"");
        assertThat(schema.validate("{\"schema\":\"x\"}", InputFormat.JSON)).as("the schema rejects a wrong report")
                .isNotEmpty();
        assertThat(printed.toString(StandardCharsets.UTF_8)).contains("Report written to " + report);
    }

    @ExtendWith(AsyncTempExtension.class)
    static class CleanTestCase {
        @Test
        void clean() {
        }
    }

    @Test
    @DisplayName("a report that cannot be written fails the run with one message, and nothing claims success")
    void unwritableReport() throws IOException {
        Path notADirectory = Files.writeString(root.resolve("a-file"), "x");
        var summary = launch(CleanTestCase.class, AsyncTempExtension.LEAK_REPORT_KEY,
                notADirectory.resolve("reports").toString());
        assertThat(summary.getFailures()).singleElement().satisfies(failure -> assertThat(failure.getException())
                .isInstanceOf(java.io.IOError.class)
                .hasMessageContaining("asynctemp could not write its leak report into " + notADirectory
                        .resolve("reports") + " (asynctemp.leaks.report)"));
        assertThat(printed.toString(StandardCharsets.UTF_8)).doesNotContain("Report written");
    }

    @Test
    @DisplayName("a report setting that names a file, not a directory, is refused naming the key")
    void reportIsAFile() throws IOException {
        Path file = Files.writeString(root.resolve("leaks.json"), "{}");
        var summary = launch(CleanTestCase.class, AsyncTempExtension.LEAK_REPORT_KEY, file.toString());
        assertThat(summary.getFailures()).isNotEmpty().allSatisfy(failure -> assertThat(failure.getException())
                .hasMessageContaining("for configuration parameter 'asynctemp.leaks.report'")
                .hasMessageContaining("is a file"));
        assertThat(file).hasContent("{}");
    }

    @Test
    @DisplayName("a misspelt asynctemp key is reported once per JVM, with the nearest valid key")
    void unknownKeys() {
        var errors = new ByteArrayOutputStream();
        var keys = java.util.Set.of("asynctemp.leaks.failRun", "asynctemp.leaks", "junit.jupiter.whatever",
                "asynctemp.leak.grace");
        UnknownKeys.forget(keys);
        UnknownKeys.warnOnce(keys, new PrintStream(errors, true, StandardCharsets.UTF_8));
        UnknownKeys.warnOnce(keys, new PrintStream(errors, true, StandardCharsets.UTF_8));
        assertThat(errors.toString(StandardCharsets.UTF_8).lines()).containsExactly(
                "asynctemp: unknown configuration key 'asynctemp.leak.grace' is ignored; did you mean "
                        + "'asynctemp.leaks.grace'? Known keys: " + String.join(", ", Configuration.KEYS),
                "asynctemp: unknown configuration key 'asynctemp.leaks.failRun' is ignored; did you mean "
                        + "'asynctemp.leaks.fail-run'? Known keys: " + String.join(", ", Configuration.KEYS));
    }

    @Test
    @DisplayName("the listener warns about unknown keys in the launcher's configuration")
    void unknownKeysFromTheLauncher() {
        var errors = new ByteArrayOutputStream();
        UnknownKeys.forget(java.util.Set.of("asynctemp.cleanup.timeuot"));
        PrintStream original = System.err;
        System.setErr(new PrintStream(errors, true, StandardCharsets.UTF_8));
        try {
            launch(CleanTestCase.class, "asynctemp.cleanup.timeuot", "1 s");
        } finally {
            System.setErr(original);
        }
        assertThat(errors.toString(StandardCharsets.UTF_8))
                .contains("unknown configuration key 'asynctemp.cleanup.timeuot' is ignored; did you mean "
                        + "'asynctemp.cleanup.timeout'?");
    }

    // --- Where the leak mode comes from: found the way JUnit finds its own annotations -----------

    @Retention(RetentionPolicy.RUNTIME)
    @Target({ElementType.METHOD, ElementType.TYPE})
    @LeakDetection(LeakMode.WARN)
    @interface KnownToLeak {
    }

    @LeakDetection(LeakMode.WARN)
    interface WarnsByContract {
    }

    @LeakDetection(LeakMode.WARN)
    abstract static class WarningBase {
    }

    @ExtendWith(AsyncTempExtension.class)
    static class ComposedAnnotationTestCase {
        @Test
        @KnownToLeak
        void leaks() {
            see(mkdtemp().join());
        }
    }

    @ExtendWith(AsyncTempExtension.class)
    static class InterfaceTestCase implements WarnsByContract {
        @Test
        void leaks() {
            see(mkdtemp().join());
        }
    }

    @ExtendWith(AsyncTempExtension.class)
    static class SuperclassTestCase extends WarningBase {
        @Test
        void leaks() {
            see(mkdtemp().join());
        }
    }

    @ExtendWith(AsyncTempExtension.class)
    @LeakDetection(LeakMode.WARN)
    static class DirectTestCase {
        @Test
        void leaks() {
            see(mkdtemp().join());
        }
    }

    @ExtendWith(AsyncTempExtension.class)
    @KnownToLeak
    static class ComposedOnClassTestCase {
        @Test
        void leaks() {
            see(mkdtemp().join());
        }
    }

    @ExtendWith(AsyncTempExtension.class)
    @KnownToLeak
    static class EnclosingTestCase {
        @Nested
        class Inner {
            @Test
            void leaks() {
                see(mkdtemp().join());
            }
        }
    }

    @Test
    @DisplayName("@LeakDetection counts as a meta-annotation, on interfaces, superclasses and enclosing classes")
    void annotationLookup() throws IOException {
        // Where the mode comes from, as the report says it: each place has its own words.
        var sources = Map.of(
                ComposedAnnotationTestCase.class, "set by @LeakDetection on method leaks()",
                DirectTestCase.class, "set by @LeakDetection on class DirectTestCase)",
                ComposedOnClassTestCase.class, "set by @LeakDetection on class ComposedOnClassTestCase)",
                InterfaceTestCase.class, "set by @LeakDetection on a type class InterfaceTestCase extends or implements",
                SuperclassTestCase.class, "set by @LeakDetection on a type class SuperclassTestCase extends or implements",
                EnclosingTestCase.class, "set by @LeakDetection on a class enclosing Inner");
        for (var fixture : List.of(ComposedAnnotationTestCase.class, DirectTestCase.class,
                ComposedOnClassTestCase.class, InterfaceTestCase.class, SuperclassTestCase.class,
                EnclosingTestCase.class)) {
            var results = Kit.run(fixture, configuration());
            assertThat(results.testEvents().failed().count()).as(fixture.getSimpleName() + Kit.failures(results))
                    .isZero();
            var reports = results.allEvents().reportingEntryPublished().stream()
                    .map(e -> e.getRequiredPayload(ReportEntry.class).getKeyValuePairs().get(Leaks.REPORT_KEY))
                    .filter(java.util.Objects::nonNull).toList();
            assertThat(reports).as(fixture.getSimpleName()).singleElement()
                    .satisfies(report -> assertThat(report).contains("in warn mode, " + sources.get(fixture)));
        }
        try (Stream<Path> left = Files.list(root)) {
            assertThat(left).isEmpty();
        }
    }
}
