package dev.asynctemp.junit;

import dev.asynctemp.internal.Artifact;
import dev.asynctemp.internal.Ledger;
import java.io.IOException;
import java.io.PrintStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import org.junit.platform.engine.TestExecutionResult;
import org.junit.platform.engine.reporting.ReportEntry;
import org.junit.platform.launcher.TestExecutionListener;
import org.junit.platform.launcher.TestIdentifier;
import org.junit.platform.launcher.TestPlan;

/**
 * The leak detector's run-wide report: at the end of a test run, prints which tests and classes
 * leaked temporary artifacts and what was created outside any test, and writes the same as JSON
 * to {@value AsyncTempExtension#LEAK_REPORT_KEY} if set.
 *
 * <p>Registered for every launcher run through {@code META-INF/services}, so it needs no setup; it
 * stays silent in runs that never used asynctemp. It only reports: to make the build fail on any
 * leak (including leaks in {@code warn} mode and leaks outside tests), set
 * {@value AsyncTempExtension#FAIL_RUN_KEY}{@code =true}, which fails the Jupiter engine itself.
 *
 * <p>The JSON file: {@code {"testsRun": n, "leakingTests": [{"uniqueId", "displayName",
 * "legacyName", "failed", "artifacts": [...]}], "runLevel": [...]}}, each artifact
 * {@code {"kind", "path", "size", "handleOpen", "detail", "createdAt"}}.
 *
 * @since 0.1.0
 */
public final class LeakReportListener implements TestExecutionListener {

    private record Leak(TestIdentifier test, String report, String json) {
    }

    private final PrintStream out;
    private final List<Leak> leaks = new ArrayList<>();
    private final Set<TestIdentifier> failed = new HashSet<>();
    private Ledger.Run run;
    private int testsRun;
    private int scopesAtStart;
    private Optional<String> reportFile = Optional.empty();
    private boolean keepLeaks;
    private boolean failRun;

    /** Creates the listener, printing to standard output; the launcher does this. */
    public LeakReportListener() {
        this(System.out);
    }

    LeakReportListener(PrintStream out) {
        this.out = out;
    }

    /**
     * Starts listening: opens the ledger's run level, so that artifacts created outside any test
     * are recorded.
     *
     * @param testPlan the plan, whose configuration parameters are read
     */
    @Override
    public synchronized void testPlanExecutionStarted(TestPlan testPlan) {
        // A launcher may run several plans (reruns, IDEs): each report covers its own plan only.
        leaks.clear();
        failed.clear();
        testsRun = 0;
        run = Ledger.openRun();
        scopesAtStart = Ledger.scopesOpened();
        var parameters = testPlan.getConfigurationParameters();
        reportFile = parameters.get(AsyncTempExtension.LEAK_REPORT_KEY).map(String::strip).filter(v -> !v.isEmpty());
        keepLeaks = parameters.getBoolean(AsyncTempExtension.KEEP_LEAKS_KEY).orElse(false);
        failRun = parameters.getBoolean(AsyncTempExtension.FAIL_RUN_KEY).orElse(false);
    }

    /**
     * Collects leak reports published by the extension.
     *
     * @param testIdentifier the test or class
     * @param entry the entry
     */
    @Override
    public synchronized void reportingEntryPublished(TestIdentifier testIdentifier, ReportEntry entry) {
        Map<String, String> pairs = entry.getKeyValuePairs();
        if (pairs.containsKey(Leaks.REPORT_KEY)) {
            leaks.add(new Leak(testIdentifier, pairs.get(Leaks.REPORT_KEY), pairs.getOrDefault(Leaks.JSON_KEY, "[]")));
        }
    }

    /**
     * Counts tests and remembers which failed.
     *
     * @param testIdentifier the test or container
     * @param result its result
     */
    @Override
    public synchronized void executionFinished(TestIdentifier testIdentifier, TestExecutionResult result) {
        if (testIdentifier.isTest()) {
            testsRun++;
        }
        if (result.getStatus() == TestExecutionResult.Status.FAILED) {
            failed.add(testIdentifier);
        }
    }

    /**
     * Prints the summary, writes the report file, removes what leaked outside any test.
     *
     * @param testPlan the plan
     */
    @Override
    public synchronized void testPlanExecutionFinished(TestPlan testPlan) {
        List<Artifact> runLevel = run.leaks();
        List<LeakedArtifact> runLeaks = Leaks.describe(runLevel);
        try {
            boolean used = Ledger.scopesOpened() > scopesAtStart || !leaks.isEmpty() || !runLeaks.isEmpty();
            if (used) {
                out.print(summary(runLeaks));
            }
            reportFile.ifPresent(file -> write(Path.of(file), runLeaks));
        } finally {
            // Reported here; removed here unless another run still listening holds them too.
            List<Artifact> ours = Ledger.closeRun(run);
            if (!keepLeaks) {
                RunState.removeQuietly(ours);
            }
        }
    }

    private String summary(List<LeakedArtifact> runLeaks) {
        String nl = System.lineSeparator();
        var text = new StringBuilder(nl).append("asynctemp leak detector: ");
        if (leaks.isEmpty() && runLeaks.isEmpty()) {
            text.append("no temporary artifacts leaked in ").append(testsRun).append(" tests.").append(nl);
            reportFile.ifPresent(file -> text.append("Report written to ").append(file).append(nl));
            return text.toString();
        }
        text.append(leaks.size()).append(leaks.size() == 1 ? " test or class" : " tests or classes")
                .append(" leaked temporary artifacts, and ").append(runLeaks.size())
                .append(runLeaks.size() == 1 ? " artifact was" : " artifacts were").append(" created outside any test.")
                .append(nl);
        for (Leak leak : leaks) {
            text.append(nl).append(failed.contains(leak.test()) ? "FAILED " : "WARNED ")
                    .append(leak.test().getLegacyReportingName()).append(" [").append(leak.test().getUniqueId())
                    .append(']').append(nl).append(indent(leak.report())).append(nl);
        }
        if (!runLeaks.isEmpty()) {
            text.append(nl).append("Created outside any test (static initialisers, shared thread pools, threads "
                    + "that outlived their test):").append(nl);
            for (LeakedArtifact leak : runLeaks) {
                text.append("  - ").append(leak.describe()).append(nl);
            }
        }
        boolean unfailed = !runLeaks.isEmpty() || leaks.stream().anyMatch(leak -> !failed.contains(leak.test()));
        if (!failRun && unfailed) {
            text.append(nl).append("Some of these did not fail the build; set ").append(AsyncTempExtension.FAIL_RUN_KEY)
                    .append("=true to make any leak fail it.").append(nl);
        }
        reportFile.ifPresent(file -> text.append("Report written to ").append(file).append(nl));
        return text.toString();
    }

    private static String indent(String text) {
        return "    " + text.replace(System.lineSeparator(), System.lineSeparator() + "    ");
    }

    private void write(Path file, List<LeakedArtifact> runLeaks) {
        var json = new StringBuilder("{\"testsRun\":").append(testsRun).append(",\"leakingTests\":[");
        for (int i = 0; i < leaks.size(); i++) {
            Leak leak = leaks.get(i);
            json.append(i == 0 ? "" : ",").append("{\"uniqueId\":").append(Leaks.quote(leak.test().getUniqueId()))
                    .append(",\"displayName\":").append(Leaks.quote(leak.test().getDisplayName()))
                    .append(",\"legacyName\":").append(Leaks.quote(leak.test().getLegacyReportingName()))
                    .append(",\"failed\":").append(failed.contains(leak.test()))
                    .append(",\"artifacts\":").append(leak.json()).append('}');
        }
        json.append("],\"runLevel\":").append(Leaks.json(runLeaks)).append("}").append(System.lineSeparator());
        try {
            Path absolute = file.toAbsolutePath();
            if (absolute.getParent() != null) {
                Files.createDirectories(absolute.getParent());
            }
            Files.writeString(absolute, json, StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw new UncheckedIOException("could not write the leak report " + file + " ("
                    + AsyncTempExtension.LEAK_REPORT_KEY + ")", e);
        }
    }
}
