package dev.asynctemp.junit;

import dev.asynctemp.internal.Artifact;
import dev.asynctemp.internal.ForeignWatch;
import dev.asynctemp.internal.Scope;
import java.io.File;
import java.lang.reflect.Executable;
import java.lang.reflect.Field;
import java.lang.reflect.Modifier;
import java.lang.reflect.Parameter;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.atomic.AtomicBoolean;
import org.junit.jupiter.api.extension.ExtensionContext;
import org.junit.jupiter.api.extension.ReflectiveInvocationContext;
import org.junit.jupiter.api.io.TempDir;
import org.junit.platform.commons.support.AnnotationSupport;
import org.junit.platform.commons.support.HierarchyTraversalMode;
import org.junit.platform.commons.support.ReflectionSupport;

/**
 * The foreign-leak detector's side of a verdict: opens a window on the JVM's private temp root for
 * each test and class, and when the context closes (after JUnit's own cleanup of the test's store,
 * so what other extensions remove there is not a leak) reports what appeared in it and is still
 * there. Never removes anything: it did not make it.
 */
final class ForeignVerdict {

    private static final System.Logger LOG = System.getLogger("dev.asynctemp.leaks");
    private static final AtomicBoolean REFUSAL_TOLD = new AtomicBoolean();

    /** The one line a build adds to give each test JVM a private temp root, for messages. */
    static final String HOW_TO_ENABLE = "give each test JVM a private temp root at start-up: Maven Surefire or "
            + "Failsafe <argLine>-Djava.io.tmpdir=${project.build.directory}/tmp-${surefire.forkNumber}</argLine>, "
            + "Gradle test { jvmArgs(\"-Djava.io.tmpdir=${layout.buildDirectory.get()}/tmp-test\") }";

    private ForeignVerdict() {
    }

    /**
     * Starts watching this JVM's temp root unless the run switched the detector off; says once per
     * JVM why it cannot, if it cannot.
     */
    static Optional<ForeignWatch> watch(LeakMode configured, String source) {
        if (configured == LeakMode.OFF) {
            return Optional.empty();
        }
        ForeignWatch.Status status = ForeignWatch.start();
        if (status instanceof ForeignWatch.Refused refused && REFUSAL_TOLD.compareAndSet(false, true)) {
            String message = "asynctemp: foreign-leak detection (" + AsyncTempExtension.FOREIGN_LEAKS_KEY + "="
                    + configured.name().toLowerCase(java.util.Locale.ROOT) + ", " + source + ") judges nothing in this "
                    + "JVM: its temp root " + refused.root() + " is not private to it (" + refused.reason() + "). To "
                    + "turn it on, " + HOW_TO_ENABLE + "; to silence this, set " + AsyncTempExtension.FOREIGN_LEAKS_KEY
                    + "=off.";
            System.err.println(message);
        }
        return ForeignWatch.active();
    }

    /** Opens {@code scope}'s window, when the run watches its root. */
    static void open(ExtensionContext context, Scope scope) {
        Configuration configuration = Configuration.of(context);
        watch(configuration.foreignMode(), configuration.foreignModeSource()).ifPresent(watch -> scope.window(
                watch.open(scope.name(), scope.displayName(), configuration.cleanupTimeout())));
    }

    /** Notes the {@code @TempDir} arguments of a method or constructor JUnit is about to call: JUnit removes them. */
    static void excludeTempDirArguments(ReflectiveInvocationContext<? extends Executable> invocation) {
        Optional<ForeignWatch> watch = ForeignWatch.active();
        if (watch.isEmpty()) {
            return;
        }
        Parameter[] parameters = invocation.getExecutable().getParameters();
        List<Object> arguments = invocation.getArguments();
        for (int i = 0; i < parameters.length && i < arguments.size(); i++) {
            if (AnnotationSupport.isAnnotated(parameters[i], TempDir.class)) {
                pathOf(arguments.get(i)).ifPresent(watch.get()::exclude);
            }
        }
    }

    /**
     * Closes {@code scope}'s window and reports what appeared in the root while it was open, is still
     * there, and is certainly this test's (or class's); the rest waits for the run level.
     *
     * @throws TempFileLeakException in {@link LeakMode#FAIL} if anything was left
     */
    static void judge(ExtensionContext context, Scope scope) {
        Optional<ForeignWatch> watch = ForeignWatch.active();
        Optional<ForeignWatch.Window> window = scope.window();
        if (watch.isEmpty() || window.isEmpty()) {
            return;
        }
        excludeTempDirFields(context, watch.get());
        Configuration configuration = Configuration.of(context);
        List<ForeignWatch.Appearance> found = watch.get().close(window.get(), configuration.cleanupTimeout());
        LeakVerdict.ModeChoice mode = LeakVerdict.mode(context, ForeignLeakDetection.class,
                ForeignLeakDetection::value, configuration.foreignMode(), configuration.foreignModeSource());
        if (mode.mode() == LeakMode.OFF || found.isEmpty()) {
            return;
        }
        List<LeakedArtifact> leaks = found.stream().map(ForeignVerdict::describe).toList();
        String heading = Leaks.count(leaks.size(), "entry", "entries") + " left in the temp root "
                + watch.get().root() + " by " + LeakVerdict.who(context) + ", made outside asynctemp (asynctemp leak "
                + "detector, foreign leaks in " + mode.describe() + "):";
        var failure = new TempFileLeakException(heading, leaks, "Left in place: asynctemp removes only what it made.");
        RunState.of(context).leaked(context, mode, leaks);
        context.publishReportEntry(Map.of(Leaks.REPORT_KEY, failure.getMessage()));
        if (mode.mode() == LeakMode.FAIL) {
            throw failure;
        }
        LOG.log(System.Logger.Level.WARNING, failure.getMessage());
    }

    /** Describes an appearance as the report shows it. */
    static LeakedArtifact describe(ForeignWatch.Appearance appearance) {
        Path path = appearance.path();
        boolean directory = Files.isDirectory(path, LinkOption.NOFOLLOW_LINKS);
        LeakedArtifact.Size size = Artifact.measure(path).map(measure -> new LeakedArtifact.Size(measure.value(),
                measure.entries() ? LeakedArtifact.Size.Unit.ENTRIES : LeakedArtifact.Size.Unit.BYTES)).orElse(null);
        var stack = new Throwable(path + " appeared in the temp root, made by code outside asynctemp; the detector "
                + "sees files appear, not who made them");
        stack.setStackTrace(new StackTraceElement[0]);
        return new LeakedArtifact(directory ? "foreign directory" : "foreign file", path, size, false, "", "", null,
                stack, appearance.doubt(), appearance.certain() ? List.of() : appearance.candidates());
    }

    private static void excludeTempDirFields(ExtensionContext context, ForeignWatch watch) {
        if (context.getTestMethod().isPresent()) {
            context.getTestInstances().ifPresent(instances -> instances.getAllInstances().forEach(instance ->
                    excludeFields(instance.getClass(), instance, watch)));
        } else {
            context.getTestClass().ifPresent(type -> excludeFields(type, null, watch));
        }
    }

    private static void excludeFields(Class<?> type, Object instance, ForeignWatch watch) {
        for (Field field : AnnotationSupport.findAnnotatedFields(type, TempDir.class,
                f -> Modifier.isStatic(f.getModifiers()) == (instance == null), HierarchyTraversalMode.TOP_DOWN)) {
            ReflectionSupport.tryToReadFieldValue(field, instance).toOptional().flatMap(ForeignVerdict::pathOf)
                    .ifPresent(watch::exclude);
        }
    }

    private static Optional<Path> pathOf(Object value) {
        if (value instanceof Path path) {
            return Optional.of(path);
        }
        return value instanceof File file ? Optional.of(file.toPath()) : Optional.empty();
    }
}
