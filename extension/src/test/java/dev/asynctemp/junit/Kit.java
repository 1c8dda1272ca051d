package dev.asynctemp.junit;

import static org.junit.platform.engine.discovery.DiscoverySelectors.selectClass;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.stream.Stream;
import org.junit.platform.engine.reporting.ReportEntry;
import org.junit.platform.testkit.engine.EngineExecutionResults;
import org.junit.platform.testkit.engine.EngineTestKit;

/** Runs fixture classes through the Jupiter engine, and lets fixtures report what they saw. */
final class Kit {

    /** Paths fixtures record while their tests run, for the outer test to check afterwards. */
    static final ConcurrentLinkedQueue<Path> SEEN = new ConcurrentLinkedQueue<>();
    /** Free-form notes from fixtures, in the order made. */
    static final ConcurrentLinkedQueue<String> NOTES = new ConcurrentLinkedQueue<>();

    private Kit() {
    }

    static EngineExecutionResults run(Class<?> fixture) {
        return run(fixture, Map.of());
    }

    static EngineExecutionResults run(Class<?> fixture, Map<String, String> configuration) {
        SEEN.clear();
        NOTES.clear();
        return EngineTestKit.engine("junit-jupiter")
                .configurationParameters(configuration)
                .selectors(selectClass(fixture))
                .execute();
    }

    /** Describes every failed test and container, for assertion messages. */
    static String failures(EngineExecutionResults results) {
        var text = new StringBuilder();
        results.allEvents().failed().stream().forEach(event -> {
            Throwable cause = event.getPayload(org.junit.platform.engine.TestExecutionResult.class)
                    .flatMap(org.junit.platform.engine.TestExecutionResult::getThrowable).orElse(null);
            text.append(System.lineSeparator()).append(event.getTestDescriptor().getDisplayName()).append(": ")
                    .append(cause);
        });
        return text.toString();
    }

    /** Returns what the test named {@code methodName} failed with. */
    static Throwable failureOf(EngineExecutionResults results, String methodName) {
        return results.testEvents().failed().stream()
                .filter(e -> e.getTestDescriptor().getDisplayName().startsWith(methodName + "("))
                .map(e -> e.getRequiredPayload(org.junit.platform.engine.TestExecutionResult.class).getThrowable()
                        .orElseThrow())
                .findFirst().orElseThrow(() -> new AssertionError("no failure for " + methodName));
    }

    /** Returns the leak verdict that the test named {@code methodName} failed with. */
    static TempFileLeakException leakOf(EngineExecutionResults results, String methodName) {
        Throwable failure = failureOf(results, methodName);
        if (!(failure instanceof TempFileLeakException leak)) {
            throw new AssertionError(methodName + " failed with " + failure + ", not a leak verdict", failure);
        }
        return leak;
    }

    static List<Path> seen() {
        return new ArrayList<>(SEEN);
    }

    static List<String> notes() {
        return new ArrayList<>(NOTES);
    }

    static Path see(Path path) {
        SEEN.add(path);
        return path;
    }

    /** Removes what fixtures saw and a cleanup mode kept, so that kept paths do not outlive the test. */
    static void removeSeen() throws IOException {
        for (Path path : seen()) {
            if (Files.exists(path)) {
                try (Stream<Path> tree = Files.walk(path)) {
                    for (Path p : tree.sorted(Comparator.reverseOrder()).toList()) {
                        Files.delete(p);
                    }
                }
            }
        }
    }

    /** The paths published as kept, in the order of their report entries. */
    static List<String> keptEntries(EngineExecutionResults results) {
        return results.allEvents().reportingEntryPublished().stream()
                .map(event -> event.getRequiredPayload(ReportEntry.class).getKeyValuePairs())
                .filter(pairs -> pairs.containsKey(AsyncTempExtension.KEPT_REPORT_KEY))
                .map(pairs -> pairs.get(AsyncTempExtension.KEPT_REPORT_KEY))
                .toList();
    }

    static void note(String note) {
        NOTES.add(note);
    }

    /**
     * Makes a directory on a pool created for the purpose, whose thread belongs to no test: a
     * run-level artifact that, unlike one made in a static initialiser, every run makes afresh.
     */
    static Path mkdtempOnAPool() {
        var pool = java.util.concurrent.Executors.newSingleThreadExecutor();
        try {
            return see(pool.submit(() -> dev.asynctemp.AsyncTempfile.mkdtemp().join()).get());
        } catch (InterruptedException | java.util.concurrent.ExecutionException e) {
            throw new IllegalStateException(e);
        } finally {
            pool.shutdown();
        }
    }
}
