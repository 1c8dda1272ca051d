package dev.asynctemp.junit;

import dev.asynctemp.internal.Artifact;
import dev.asynctemp.internal.Scope;
import java.io.IOException;
import java.lang.reflect.AnnotatedElement;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.awaitility.Awaitility;
import org.awaitility.core.ConditionTimeoutException;
import org.junit.jupiter.api.extension.ExtensionContext;

/**
 * The leak detector's verdict on one test or class, once its own code and its injected
 * parameters' cleanup are done: wait out the grace period, report, remove, fail.
 */
final class LeakVerdict {

    private static final System.Logger LOG = System.getLogger("dev.asynctemp.leaks");

    private LeakVerdict() {
    }

    /**
     * Judges the scope of {@code context}.
     *
     * @throws TempFileLeakException in {@link LeakMode#FAIL} if anything leaked
     */
    static void judge(ExtensionContext context, Scope scope) {
        // Creations called from now on (by threads the test left running) belong to the run level;
        // those already in flight still count for the test until the seal.
        scope.close();
        Configuration configuration = Configuration.of(context);
        LeakMode mode = mode(context, configuration);
        if (mode == LeakMode.OFF) {
            scope.seal();
            return;
        }
        leaksAfterGrace(scope, configuration.leakGrace());
        List<Artifact> leaked = scope.seal();
        if (leaked.isEmpty()) {
            return;
        }
        List<LeakedArtifact> leaks = Leaks.describe(leaked);
        String heading = heading(context, leaks.size(), mode);
        String footer = configuration.keepLeaks()
                ? "Kept for debugging (" + AsyncTempExtension.KEEP_LEAKS_KEY + "=true)."
                : "They have been closed and removed; set " + AsyncTempExtension.KEEP_LEAKS_KEY
                        + "=true to keep them for debugging.";
        var failure = new TempFileLeakException(heading, leaks, footer);
        if (!configuration.keepLeaks()) {
            remove(leaked, failure);
        }
        RunState.of(context).leaked(describe(context));
        context.publishReportEntry(Map.of(Leaks.REPORT_KEY, failure.getMessage(), Leaks.JSON_KEY, Leaks.json(leaks)));
        if (mode == LeakMode.FAIL) {
            throw failure;
        }
        LOG.log(System.Logger.Level.WARNING, failure.getMessage());
    }

    /**
     * Leaks now, or if there are any (or creations still in flight), once async work has had its
     * grace period to finish creating and cleaning up.
     */
    static List<Artifact> leaksAfterGrace(Scope scope, Duration grace) {
        List<Artifact> leaked = scope.leaks();
        if ((leaked.isEmpty() && !scope.creating()) || grace.isZero()) {
            return leaked;
        }
        try {
            Awaitility.await("temp artifacts to be cleaned up")
                    .pollInSameThread()
                    .pollDelay(Duration.ZERO)
                    .pollInterval(Duration.ofMillis(10))
                    .atMost(grace)
                    .until(() -> !scope.creating() && scope.leaks().isEmpty());
        } catch (ConditionTimeoutException stillThere) {
            // Report what is left.
        }
        return scope.leaks();
    }

    /** Names a test or class the way build reports do. */
    private static String describe(ExtensionContext context) {
        String name = context.getTestClass().map(Class::getName).orElse("?");
        return context.getTestMethod().map(method -> name + "." + context.getDisplayName()).orElse(name);
    }

    private static String heading(ExtensionContext context, int count, LeakMode mode) {
        String what = count == 1 ? "1 temporary artifact" : count + " temporary artifacts";
        String who = context.getTestMethod().isPresent() ? "this test"
                : "class " + context.getRequiredTestClass().getSimpleName() + " (in @BeforeAll, @AfterAll or "
                        + "class-level parameters' code)";
        return what + " leaked by " + who + " (asynctemp leak detector, " + AsyncTempExtension.LEAKS_KEY + "="
                + mode.name().toLowerCase(java.util.Locale.ROOT) + "):";
    }

    private static void remove(List<Artifact> leaked, Throwable failure) {
        for (Artifact artifact : leaked) {
            try {
                artifact.remove();
            } catch (IOException e) {
                failure.addSuppressed(e);
            }
        }
    }

    /** The nearest {@link LeakDetection}: method, class, enclosing classes; else the configuration. */
    static LeakMode mode(ExtensionContext context, Configuration configuration) {
        for (Optional<ExtensionContext> current = Optional.of(context); current.isPresent();
                current = current.get().getParent()) {
            Optional<AnnotatedElement> element = current.get().getElement();
            if (element.isPresent()) {
                LeakDetection annotation = element.get().getAnnotation(LeakDetection.class);
                if (annotation != null) {
                    return annotation.value();
                }
            }
        }
        return configuration.leakMode();
    }
}
