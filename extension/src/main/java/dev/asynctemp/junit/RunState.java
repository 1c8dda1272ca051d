package dev.asynctemp.junit;

import dev.asynctemp.internal.Artifact;
import dev.asynctemp.internal.Ledger;
import java.util.List;
import org.junit.jupiter.api.extension.ExtensionContext;

/**
 * What the extension knows about the whole engine run, kept in the root context's store: it opens
 * the ledger's run level on first use and, when JUnit closes the root store at the end of the run,
 * enforces {@value AsyncTempExtension#FAIL_RUN_KEY} by failing the engine.
 */
@SuppressWarnings("deprecation") // CloseableResource: deprecated in JUnit 6, the only option in 5.12
final class RunState implements ExtensionContext.Store.CloseableResource, AutoCloseable {

    private final boolean failRun;
    private final boolean keepLeaks;
    private final java.util.Queue<String> leakingScopes = new java.util.concurrent.ConcurrentLinkedQueue<>();
    private final Ledger.Run run = Ledger.openRun();

    private RunState(Configuration configuration) {
        this.failRun = configuration.failRun();
        this.keepLeaks = configuration.keepLeaks();
    }

    @SuppressWarnings("deprecation") // getOrComputeIfAbsent: computeIfAbsent does not exist in JUnit 5.12
    static RunState of(ExtensionContext context) {
        return context.getRoot().getStore(AsyncTempExtension.NAMESPACE).getOrComputeIfAbsent(RunState.class,
                key -> new RunState(Configuration.of(context)), RunState.class);
    }

    void leaked(String who) {
        leakingScopes.add(who);
    }

    @Override
    public void close() {
        try {
            if (!failRun) {
                return;
            }
            List<Artifact> runLevel = run.leaks();
            List<String> scopes = List.copyOf(leakingScopes);
            if (scopes.isEmpty() && runLevel.isEmpty()) {
                return;
            }
            var heading = new StringBuilder("The run leaked temporary artifacts and ")
                    .append(AsyncTempExtension.FAIL_RUN_KEY).append("=true: ").append(scopes.size())
                    .append(scopes.size() == 1 ? " test or class" : " tests or classes").append(" leaked");
            scopes.forEach(who -> heading.append(System.lineSeparator()).append("  - ").append(who));
            heading.append(System.lineSeparator()).append("and ").append(runLevel.size()).append(" artifact")
                    .append(runLevel.size() == 1 ? " was" : "s were").append(" created outside any test")
                    .append(runLevel.isEmpty() ? "." : ":");
            if (runLevel.isEmpty()) {
                throw new RunLeakedError(heading.toString());
            }
            throw new TempFileLeakException(heading.toString(), Leaks.describe(runLevel), "");
        } finally {
            // Without a run-wide listener (say, under EngineTestKit) nobody else removes these.
            List<Artifact> orphans = Ledger.closeRun(run);
            if (!keepLeaks) {
                removeQuietly(orphans);
            }
        }
    }

    /** Removes run-level leaks, which belong to no test that could report a failure to remove them. */
    static void removeQuietly(List<Artifact> artifacts) {
        for (Artifact artifact : artifacts) {
            try {
                artifact.remove();
            } catch (java.io.IOException e) {
                System.getLogger("dev.asynctemp.leaks").log(System.Logger.Level.WARNING,
                        "could not remove run-level leak " + artifact + ": " + e.getMessage());
            }
        }
    }

    /** The run's verdict: what matters is the message, not where in JUnit it was raised. */
    static final class RunLeakedError extends AssertionError {
        private static final long serialVersionUID = 1L;

        RunLeakedError(String message) {
            super(message);
        }

        @Override
        public synchronized Throwable fillInStackTrace() {
            return this;
        }
    }
}
