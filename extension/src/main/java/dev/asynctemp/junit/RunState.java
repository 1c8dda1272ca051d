package dev.asynctemp.junit;

import dev.asynctemp.internal.Artifact;
import dev.asynctemp.internal.ForeignWatch;
import dev.asynctemp.internal.Ledger;
import java.io.IOException;
import java.io.IOError;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Queue;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.extension.ExtensionContext;

/**
 * The leak detector's account of one engine run, kept in the root context's store. When JUnit
 * closes that store at the end of the run (still inside the engine, so a failure here fails the
 * run): it writes this JVM's report file ({@value AsyncTempExtension#LEAK_REPORT_KEY}), hands the
 * run-level findings to the {@link LeakReportListener} through report entries, and enforces
 * {@value AsyncTempExtension#FAIL_RUN_KEY}.
 */
@SuppressWarnings("deprecation") // CloseableResource: deprecated in JUnit 6, the only option in 5.12
final class RunState implements ExtensionContext.Store.CloseableResource, AutoCloseable {

    /** Report entry key, on the engine, of the run-level leaks in words. */
    static final String RUN_LEVEL_KEY = "asynctemp.leaks.run-level";
    /** Report entry key, on the engine, of the report file written. */
    static final String REPORT_FILE_KEY = "asynctemp.leaks.report-file";

    /** One test or class that leaked. */
    record ScopeLeaks(String uniqueId, String displayName, String name, LeakVerdict.ModeChoice mode, boolean failed,
            List<LeakedArtifact> artifacts) {
    }

    private final ExtensionContext root;
    private final Configuration configuration;
    private final Queue<ScopeLeaks> leaking = new ConcurrentLinkedQueue<>();
    private final AtomicInteger judged = new AtomicInteger();
    private final Ledger.Run run = Ledger.openRun();
    /** Where the foreign-leak watch stood when this run began: older appearances are not this run's. */
    private final long foreignSince;

    private RunState(ExtensionContext root, Configuration configuration) {
        this.root = root;
        this.configuration = configuration;
        this.foreignSince = ForeignVerdict.watch(configuration.foreignMode(), configuration.foreignModeSource())
                .map(watch -> watch.epoch(configuration.cleanupTimeout())).orElse(Long.MAX_VALUE);
    }

    @SuppressWarnings("deprecation") // getOrComputeIfAbsent: computeIfAbsent does not exist in JUnit 5.12
    static RunState of(ExtensionContext context) {
        return context.getRoot().getStore(AsyncTempExtension.NAMESPACE).getOrComputeIfAbsent(RunState.class,
                key -> new RunState(context.getRoot(), Configuration.of(context)), RunState.class);
    }

    /** Counts a test the detector judged (in any mode but off). */
    void judged() {
        judged.incrementAndGet();
    }

    void leaked(ExtensionContext context, LeakVerdict.ModeChoice mode, List<LeakedArtifact> leaks) {
        boolean failed = mode.mode() == LeakMode.FAIL || context.getExecutionException().isPresent();
        leaking.add(new ScopeLeaks(context.getUniqueId(), context.getDisplayName(), LeakVerdict.describe(context),
                mode, failed, leaks));
    }

    @Override
    public void close() {
        List<Artifact> runLevel = run.leaks();
        runLevel.forEach(Artifact::markReported);
        var runLeaks = new ArrayList<>(Leaks.describe(runLevel));
        if (foreignSince != Long.MAX_VALUE) {
            // Appeared in the private root during this run, pinned on no test; left in place.
            ForeignWatch.active().ifPresent(watch -> watch.unclaimed(foreignSince, configuration.cleanupTimeout())
                    .forEach(appearance -> runLeaks.add(ForeignVerdict.describe(appearance))));
        }
        List<ScopeLeaks> scopes = List.copyOf(leaking);
        Error reportFailure = null;
        try {
            if (configuration.reportDirectory().isPresent()) {
                Path written = LeakReportFile.write(configuration.reportDirectory().get(),
                        new LeakReportFile.Account(judged.get(), scopes, runLeaks));
                root.publishReportEntry(REPORT_FILE_KEY, written.toString());
            }
        } catch (IOException e) {
            // An Error, so that JUnit reports it as it is rather than wrapped in its own message.
            reportFailure = new IOError(new IOException("asynctemp could not write its leak report into "
                    + configuration.reportDirectory().get() + " (" + AsyncTempExtension.LEAK_REPORT_KEY + "): " + e, e));
        } finally {
            // Removed here unless a wider run still listening holds them: nobody else would.
            List<Artifact> ours = Ledger.closeRun(run);
            if (!configuration.keepLeaks()) {
                removeQuietly(ours);
            }
        }
        if (!runLeaks.isEmpty()) {
            var lines = new StringBuilder();
            runLeaks.forEach(leak -> lines.append(leak.describe()).append(System.lineSeparator()));
            root.publishReportEntry(Map.of(RUN_LEVEL_KEY, lines.toString().strip()));
        }
        if (configuration.failRun() && (!scopes.isEmpty() || !runLeaks.isEmpty())) {
            var failure = runFailure(scopes, runLeaks);
            if (reportFailure != null) {
                failure.addSuppressed(reportFailure);
            }
            throw failure;
        }
        if (reportFailure != null) {
            throw reportFailure;
        }
    }

    private static TempFileLeakException runFailure(List<ScopeLeaks> scopes, List<LeakedArtifact> runLeaks) {
        String nl = System.lineSeparator();
        var heading = new StringBuilder("The run leaked temporary artifacts and ")
                .append(AsyncTempExtension.FAIL_RUN_KEY).append("=true: ")
                .append(Leaks.count(scopes.size(), "test or class", "tests or classes")).append(" leaked");
        var all = new ArrayList<LeakedArtifact>();
        for (ScopeLeaks scope : scopes) {
            heading.append(nl).append("  - ").append(scope.name()).append(" (")
                    .append(Leaks.count(scope.artifacts().size(), "artifact", "artifacts")).append(')');
            all.addAll(scope.artifacts());
        }
        heading.append(nl).append("and ").append(Leaks.count(runLeaks.size(), "artifact was", "artifacts were"))
                .append(" not pinned on any test (created outside tests, or by code the detector could not be sure of). "
                        + "All of them:");
        all.addAll(runLeaks);
        return new TempFileLeakException(heading.toString(), all, "");
    }

    /** Removes run-level leaks, which belong to no test that could report a failure to remove them. */
    static void removeQuietly(List<Artifact> artifacts) {
        for (Artifact artifact : artifacts) {
            try {
                artifact.remove();
            } catch (IOException e) {
                System.err.println("asynctemp: could not remove run-level leak " + artifact + ": " + e.getMessage());
            }
        }
    }
}
