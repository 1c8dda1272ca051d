package dev.asynctemp.junit;

import dev.asynctemp.internal.Artifact;
import dev.asynctemp.internal.Ledger;
import dev.asynctemp.internal.ForeignWatch;
import java.io.PrintStream;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.junit.platform.engine.TestExecutionResult;
import org.junit.platform.engine.reporting.ReportEntry;
import org.junit.platform.launcher.TestExecutionListener;
import org.junit.platform.launcher.TestIdentifier;
import org.junit.platform.launcher.TestPlan;

/**
 * The leak detector's run-wide summary: at the end of a test run, prints which tests and classes
 * leaked temporary artifacts, what was not pinned on any test (created outside tests, or by code
 * the detector could not be sure of, with the candidate tests), and which report files were written. At the start of a run it warns once per
 * JVM about {@code asynctemp.*} configuration keys it does not know, naming the nearest valid key.
 *
 * <p>Registered for every launcher run through {@code META-INF/services}, so it needs no setup; it
 * stays silent in runs that never used asynctemp. It only reports: the JSON report file
 * ({@value AsyncTempExtension#LEAK_REPORT_KEY}) and the run's failure
 * ({@value AsyncTempExtension#FAIL_RUN_KEY}) come from the extension, inside the engine, so that a
 * report that cannot be written fails the run.
 *
 * @since 0.1.0
 */
public final class LeakReportListener implements TestExecutionListener {

    private record Leak(TestIdentifier test, String report) {
    }

    private final PrintStream out;
    private final List<Leak> leaks = new ArrayList<>();
    private final List<String> runLevel = new ArrayList<>();
    private final List<String> reportFiles = new ArrayList<>();
    private final Set<TestIdentifier> failed = new HashSet<>();
    private Ledger.Run run;
    private int testsRun;
    private long scopesAtStart;
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
     * are recorded, and warns about unknown configuration keys.
     *
     * @param testPlan the plan, whose configuration parameters are read
     */
    @Override
    public synchronized void testPlanExecutionStarted(TestPlan testPlan) {
        warnIfJupiterTooOld();
        // A launcher may run several plans (reruns, IDEs): each summary covers its own plan only.
        leaks.clear();
        runLevel.clear();
        reportFiles.clear();
        failed.clear();
        testsRun = 0;
        run = Ledger.openRun();
        scopesAtStart = Ledger.scopesOpened();
        var parameters = testPlan.getConfigurationParameters();
        keepLeaks = parameters.getBoolean(AsyncTempExtension.KEEP_LEAKS_KEY).orElse(false);
        failRun = parameters.getBoolean(AsyncTempExtension.FAIL_RUN_KEY).orElse(false);
        var keys = new HashSet<>(parameters.keySet());
        System.getProperties().stringPropertyNames().forEach(keys::add);
        UnknownKeys.warnOnce(keys, System.err);
        try {
            // Before any test: the temp root a build names for each fork exists, and the threads
            // alive now count as the build's own if the foreign-leak watch starts later.
            ForeignWatch.beforeTests();
        } catch (java.io.IOException e) {
            System.err.println("asynctemp: could not create the temp root java.io.tmpdir names: " + e);
        }
    }

    /**
     * Says, once per run, what to upgrade if the JUnit Jupiter on the class path is older than the
     * extension supports: on the oldest ones (5.8 and before) JUnit fails to even load the extension,
     * with an error that names a missing JUnit type instead of the fix.
     */
    private static void warnIfJupiterTooOld() {
        try {
            Class.forName("org.junit.jupiter.api.extension.ExtensionContext", false,
                    LeakReportListener.class.getClassLoader());
        } catch (ClassNotFoundException | LinkageError noJupiter) {
            return;
        }
        try {
            JupiterVersionCheck.requireSupported();
        } catch (org.junit.jupiter.api.extension.ExtensionConfigurationException tooOld) {
            System.err.println(tooOld.getMessage());
        }
    }

    /**
     * Collects what the extension publishes: each leaking test's report, the run-level leaks and
     * the report files written.
     *
     * @param testIdentifier the test, class or engine
     * @param entry the entry
     */
    @Override
    public synchronized void reportingEntryPublished(TestIdentifier testIdentifier, ReportEntry entry) {
        Map<String, String> pairs = entry.getKeyValuePairs();
        if (pairs.containsKey(Leaks.REPORT_KEY)) {
            leaks.add(new Leak(testIdentifier, pairs.get(Leaks.REPORT_KEY)));
        }
        if (pairs.containsKey(RunState.RUN_LEVEL_KEY)) {
            runLevel.addAll(pairs.get(RunState.RUN_LEVEL_KEY).lines().toList());
        }
        if (pairs.containsKey(RunState.REPORT_FILE_KEY)) {
            reportFiles.add(pairs.get(RunState.REPORT_FILE_KEY));
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
     * Prints the summary and removes what leaked outside any engine's account.
     *
     * @param testPlan the plan
     */
    @Override
    public synchronized void testPlanExecutionFinished(TestPlan testPlan) {
        try {
            // What no engine reported: created outside any test before the extension first ran.
            for (Artifact artifact : run.leaks()) {
                if (!artifact.isReported()) {
                    runLevel.add(Leaks.describe(artifact).describe());
                }
            }
            boolean used = Ledger.scopesOpened() > scopesAtStart || !leaks.isEmpty() || !runLevel.isEmpty();
            if (used) {
                out.print(summary());
            }
        } finally {
            List<Artifact> ours = Ledger.closeRun(run);
            if (!keepLeaks) {
                RunState.removeQuietly(ours);
            }
        }
    }

    private String summary() {
        String nl = System.lineSeparator();
        var text = new StringBuilder(nl).append("asynctemp leak detector: ");
        if (leaks.isEmpty() && runLevel.isEmpty()) {
            text.append("no temporary artifacts leaked in ").append(Leaks.count(testsRun, "test", "tests")).append('.')
                    .append(nl);
        } else {
            text.append(Leaks.count(leaks.size(), "test or class", "tests or classes"))
                    .append(" leaked temporary artifacts, and ")
                    .append(Leaks.count(runLevel.size(), "artifact was", "artifacts were"))
                    .append(" not pinned on any test.").append(nl);
            for (Leak leak : leaks) {
                text.append(nl).append(failed.contains(leak.test()) ? "FAILED " : "WARNED ")
                        .append(leak.test().getLegacyReportingName()).append(" [").append(leak.test().getUniqueId())
                        .append(']').append(nl).append(indent(leak.report())).append(nl);
            }
            if (!runLevel.isEmpty()) {
                text.append(nl).append("Not blamed on any test (created outside tests, or possibly by more than "
                        + "one):").append(nl);
                runLevel.forEach(line -> text.append("  - ").append(line).append(nl));
            }
            boolean unfailed = !runLevel.isEmpty() || leaks.stream().anyMatch(leak -> !failed.contains(leak.test()));
            if (!failRun && unfailed) {
                text.append(nl).append("Some of these did not fail the build; set ")
                        .append(AsyncTempExtension.FAIL_RUN_KEY).append("=true to make any leak fail it.").append(nl);
            }
        }
        reportFiles.forEach(file -> text.append("Report written to ").append(file).append(nl));
        return text.toString();
    }

    private static String indent(String text) {
        return "    " + text.replace(System.lineSeparator(), System.lineSeparator() + "    ");
    }
}
