package dev.asynctemp.benchmarks;

import static org.junit.platform.engine.discovery.DiscoverySelectors.selectClass;

import dev.asynctemp.junit.AsyncTempExtension;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.RepeatedTest;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.platform.launcher.Launcher;
import org.junit.platform.launcher.core.LauncherConfig;
import org.junit.platform.launcher.core.LauncherDiscoveryRequestBuilder;
import org.junit.platform.launcher.core.LauncherFactory;
import org.junit.platform.launcher.listeners.SummaryGeneratingListener;

/**
 * The foreign-leak detector's per-test cost, measured in a JVM of its own: the detector watches the
 * JVM's temp root, fixed at start-up, so each condition (an empty root, one holding 100,000 entries,
 * the detector off) needs its own JVM. {@link BenchmarkSuite} starts them, alternating, and compares.
 *
 * <p>Each test makes a file in the temp root with {@code Files.createTempFile} and removes it: work
 * the detector sees, at a cost that must not depend on what else the root holds.
 */
public final class ForeignLeakCost {

    static final int TESTS = 2_000;
    static final int RUNS = 5;

    /** The fixture: every test touches the watched root. */
    @ExtendWith(AsyncTempExtension.class)
    static class MakesAndRemovesAForeignFile {
        @RepeatedTest(TESTS)
        void test() throws IOException {
            Files.delete(Files.createTempFile("bench-", ""));
        }
    }

    /** The fixture for the detector's own cost: tests that make nothing in the root. */
    @ExtendWith(AsyncTempExtension.class)
    static class MakesNothingInTheRoot {
        @RepeatedTest(TESTS)
        void test() {
            // The detector still opens and closes the test's window: that is what is measured.
        }
    }

    /**
     * With this system property set to {@code nothing}, the JVM runs {@link MakesNothingInTheRoot}
     * instead of {@link MakesAndRemovesAForeignFile}: the detector's own cost per test, without the
     * file system's cost of the test's file in a crowded directory.
     */
    static final String FIXTURE_KEY = "bench.fixture";

    private ForeignLeakCost() {
    }

    /**
     * With this system property set to N, the JVM itself makes N entries in its root after its first
     * warm-up run (so the watch has started and sees them appear while no test runs: they stay
     * undecided until the run ends), then warms up once more and measures.
     */
    static final String FILL_KEY = "bench.fill";

    /** Makes {@code count} empty files named {@code filler-N} in {@code root}, and settles it. */
    static void fill(Path root, int count) throws IOException {
        for (int i = 0; i < count; i++) {
            Files.createFile(root.resolve("filler-" + i));
        }
        settle(root);
    }

    /**
     * Has the file system write out what {@code dir} was changed by (an fsync of the directory; on
     * ext4 it commits the journal), so that what is measured next does not pay for 100,000 entries
     * made or removed before it.
     */
    static void settle(Path dir) throws IOException {
        try (var channel = java.nio.channels.FileChannel.open(dir, java.nio.file.StandardOpenOption.READ)) {
            channel.force(true);
        }
    }

    /**
     * Runs the fixture twice to warm up, then {@value #RUNS} times; prints the median nanoseconds per
     * test as {@code nanos-per-test=N}. The foreign-leak mode comes from the system property
     * {@code asynctemp.leaks.foreign}, which JUnit reads as a configuration parameter.
     */
    public static void main(String[] args) throws IOException {
        Launcher launcher = LauncherFactory.create(LauncherConfig.builder()
                .enableTestExecutionListenerAutoRegistration(false).build());
        int fill = Integer.getInteger(FILL_KEY, 0);
        Class<?> fixture = "nothing".equals(System.getProperty(FIXTURE_KEY)) ? MakesNothingInTheRoot.class
                : MakesAndRemovesAForeignFile.class;
        var samples = new ArrayList<Double>();
        for (int run = -2; run < RUNS; run++) {
            if (run == -1) {
                fill(Path.of(System.getProperty("java.io.tmpdir")), fill);
            }
            var summary = new SummaryGeneratingListener();
            long start = System.nanoTime();
            launcher.execute(LauncherDiscoveryRequestBuilder.request()
                    .selectors(selectClass(fixture)).build(), summary);
            long elapsed = System.nanoTime() - start;
            if (summary.getSummary().getTestsSucceededCount() != TESTS) {
                throw new IllegalStateException(summary.getSummary().getTestsSucceededCount() + " of " + TESTS
                        + " passed: " + summary.getSummary().getFailures());
            }
            if (run >= 0) {
                samples.add((double) elapsed / TESTS);
            }
        }
        System.out.println("watching=" + dev.asynctemp.internal.ForeignWatch.active().isPresent());
        System.out.println("nanos-per-test=" + PerTestCost.median(samples));
    }

    /** Starts a JVM with {@code root} as its temp root and returns its median nanoseconds per test. */
    static double measure(Path root, boolean detectorOn, boolean mustWatch) throws IOException, InterruptedException {
        return measure(root, detectorOn, mustWatch, 0);
    }

    /**
     * As {@link #measure(Path, boolean, boolean)}, with {@code fill} entries made in the root by the
     * JVM itself once its watch runs (see {@link #FILL_KEY}).
     */
    static double measure(Path root, boolean detectorOn, boolean mustWatch, int fill)
            throws IOException, InterruptedException {
        return measure(root, detectorOn, mustWatch, fill, "file");
    }

    /**
     * As {@link #measure(Path, boolean, boolean, int)}, with the fixture named by {@code fixture}
     * ({@code file} or {@code nothing}, see {@link #FIXTURE_KEY}).
     */
    static double measure(Path root, boolean detectorOn, boolean mustWatch, int fill, String fixture)
            throws IOException, InterruptedException {
        String java = Path.of(System.getProperty("java.home"), "bin", "java").toString();
        List<String> command = List.of(java, "-Xms256m", "-Xmx256m", "-D" + FILL_KEY + "=" + fill, "-D" + FIXTURE_KEY + "=" + fixture,
                "-Djava.io.tmpdir=" + root,
                "-D" + AsyncTempExtension.FOREIGN_LEAKS_KEY + "=" + (detectorOn ? "warn" : "off"),
                "-cp", System.getProperty("java.class.path"), ForeignLeakCost.class.getName());
        Process process = new ProcessBuilder(command).redirectErrorStream(true).start();
        String output = new String(process.getInputStream().readAllBytes());
        if (process.waitFor() != 0 || !output.contains("nanos-per-test=")) {
            throw new IllegalStateException("the foreign-leak benchmark JVM failed:\n" + output);
        }
        if (mustWatch && !output.contains("watching=true")) {
            throw new IllegalStateException("the benchmark JVM did not watch its root " + root + ":\n" + output);
        }
        return Double.parseDouble(output.replaceAll("(?s).*nanos-per-test=([0-9.E]+).*", "$1"));
    }
}
