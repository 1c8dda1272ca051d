package dev.asynctemp;

import static org.junit.platform.engine.discovery.DiscoverySelectors.selectPackage;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import java.util.TreeSet;
import java.util.concurrent.ConcurrentHashMap;
import org.junit.platform.engine.Filter;
import org.junit.platform.engine.TestExecutionResult;
import org.junit.platform.engine.discovery.ClassNameFilter;
import org.junit.platform.engine.support.descriptor.ClassSource;
import org.junit.platform.launcher.LauncherDiscoveryRequest;
import org.junit.platform.launcher.TagFilter;
import org.junit.platform.launcher.TestExecutionListener;
import org.junit.platform.launcher.TestIdentifier;
import org.junit.platform.launcher.core.LauncherDiscoveryRequestBuilder;
import org.junit.platform.launcher.core.LauncherFactory;

/**
 * Runs this project's tests twice in one JVM, as PIT's minions do (they rerun each test for every
 * mutant it reaches), and fails if any test fails in either run.
 *
 * <p>A test that passes only once per JVM (a latch a fixture counted down for good, a warning the
 * code gives once per JVM) fails from its second run on, and PIT counts that failure as a mutant
 * detected, whatever the mutant: the score goes up while the suite detects nothing. Tests that
 * truly need a fresh JVM carry the tag {@code once-per-jvm}, which PIT and this runner leave out,
 * as they leave out the tag {@code slow}.
 *
 * <p>Usage: {@code java -Djava.io.tmpdir=<private root> -cp <test class path> dev.asynctemp.RerunInOneJvm
 * <class-name regex> [<excluded class-name regex>]}; exits 0 when both runs pass, 1 otherwise.
 * {@code .ci/run} runs it as the user PIT's tests run as.
 */
public final class RerunInOneJvm {

    private RerunInOneJvm() {
    }

    public static void main(String[] args) {
        if (args.length < 1 || args.length > 2) {
            System.err.println("usage: RerunInOneJvm <class-name regex> [<excluded class-name regex>]");
            System.exit(2);
        }
        var filters = new ArrayList<Filter<?>>(List.of(ClassNameFilter.includeClassNamePatterns(args[0]),
                TagFilter.excludeTags("slow", "once-per-jvm")));
        if (args.length == 2) {
            filters.add(ClassNameFilter.excludeClassNamePatterns(args[1]));
        }
        LauncherDiscoveryRequest request = LauncherDiscoveryRequestBuilder.request()
                .selectors(selectPackage("dev.asynctemp"))
                .filters(filters.toArray(new Filter<?>[0]))
                .build();
        var outcomes = new ArrayList<Outcome>();
        for (int run = 1; run <= 2; run++) {
            outcomes.add(run(request));
        }
        boolean passed = true;
        for (int run = 1; run <= 2; run++) {
            Outcome outcome = outcomes.get(run - 1);
            System.out.println("run " + run + " in this JVM: " + outcome.tests.size() + " tests in " + outcome.classes.size()
                    + " classes: " + outcome.count("SUCCESSFUL") + " passed, " + outcome.count("ABORTED") + " aborted, "
                    + outcome.count("SKIPPED") + " skipped, " + outcome.failures.size() + " failed");
            outcome.failures.forEach(failure -> System.out.println("  FAILED " + failure));
            passed &= outcome.failures.isEmpty() && outcome.count("SUCCESSFUL") > 0;
        }
        // The same tests, each with the same outcome: a test that passes in one run and is aborted or
        // skipped in the other, or a class that runs in only one, changes no count of failures.
        var first = outcomes.get(0).tests;
        var second = outcomes.get(1).tests;
        var ids = new TreeSet<>(first.keySet());
        ids.addAll(second.keySet());
        for (String id : ids) {
            if (!Objects.equals(first.get(id), second.get(id))) {
                System.out.println("  DIFFERS " + id + ": " + first.get(id) + " in run 1, " + second.get(id) + " in run 2");
                passed = false;
            }
        }
        System.exit(passed ? 0 : 1);
    }

    /** Each test's outcome by unique id, the classes that ran, and every failure (tests and containers). */
    private record Outcome(Map<String, String> tests, Set<String> classes, List<String> failures) {
        long count(String status) {
            return tests.values().stream().filter(status::equals).count();
        }
    }

    /** The failure and where in this project's code it was thrown. */
    private static String describe(Throwable failure) {
        String where = Arrays.stream(failure.getStackTrace())
                .filter(frame -> frame.getClassName().startsWith("dev.asynctemp.")).findFirst()
                .map(frame -> "\n    at " + frame).orElse("");
        return failure + where;
    }

    private static Outcome run(LauncherDiscoveryRequest request) {
        var tests = new ConcurrentHashMap<String, String>();
        var classes = ConcurrentHashMap.<String>newKeySet();
        var failures = Collections.synchronizedList(new ArrayList<String>());
        LauncherFactory.create().execute(request, new TestExecutionListener() {
            @Override
            public void executionSkipped(TestIdentifier id, String reason) {
                tests.put(id.getUniqueId(), "SKIPPED");
            }

            @Override
            public void executionFinished(TestIdentifier id, TestExecutionResult result) {
                if (id.isTest()) {
                    tests.put(id.getUniqueId(), result.getStatus().name());
                }
                id.getSource().filter(ClassSource.class::isInstance)
                        .map(source -> ((ClassSource) source).getClassName())
                        .ifPresent(classes::add);
                if (result.getStatus() == TestExecutionResult.Status.FAILED) {
                    failures.add(id.getUniqueId() + ": " + result.getThrowable().map(RerunInOneJvm::describe).orElse(""));
                }
            }
        });
        return new Outcome(Map.copyOf(tests), Set.copyOf(classes), List.copyOf(failures));
    }
}
