package dev.asynctemp.benchmarks;

import static org.junit.platform.engine.discovery.DiscoverySelectors.selectClass;

import dev.asynctemp.NamedTemporaryFile;
import dev.asynctemp.SpooledTemporaryFile;
import dev.asynctemp.TemporaryDirectory;
import dev.asynctemp.junit.AsyncTempExtension;
import dev.asynctemp.junit.LeakDetection;
import dev.asynctemp.junit.LeakMode;
import dev.asynctemp.junit.Spooled;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import org.junit.jupiter.api.RepeatedTest;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.io.TempDir;
import org.junit.platform.launcher.Launcher;
import org.junit.platform.launcher.core.LauncherConfig;
import org.junit.platform.launcher.core.LauncherDiscoveryRequestBuilder;
import org.junit.platform.launcher.core.LauncherFactory;
import org.junit.platform.launcher.listeners.SummaryGeneratingListener;

/**
 * What a test pays for its fixture, measured through the JUnit launcher in one JVM: classes of
 * {@value #TESTS} generated tests (one per fixture), run in interleaved rounds in a fresh random
 * order each round, the median of each taken, and "no fixture" subtracted.
 */
final class PerTestCost {

    static final int TESTS = 2_000;

    /** The reference: the same tests with no fixture at all. */
    static class NoFixture {
        @RepeatedTest(TESTS)
        void test() {
        }
    }

    /** JUnit's own {@code @TempDir}. */
    static class JUnitTempDir {
        @RepeatedTest(TESTS)
        void test(@TempDir Path dir) {
        }
    }

    @ExtendWith(AsyncTempExtension.class)
    static class InjectedDirectory {
        @RepeatedTest(TESTS)
        void test(TemporaryDirectory dir) {
        }
    }

    @ExtendWith(AsyncTempExtension.class)
    @LeakDetection(LeakMode.OFF)
    static class InjectedDirectoryLeakDetectionOff {
        @RepeatedTest(TESTS)
        void test(TemporaryDirectory dir) {
        }
    }

    @ExtendWith(AsyncTempExtension.class)
    static class InjectedNamedFile {
        @RepeatedTest(TESTS)
        void test(NamedTemporaryFile<byte[]> file) {
        }
    }

    @ExtendWith(AsyncTempExtension.class)
    static class InjectedSpooledFile {
        @RepeatedTest(TESTS)
        void test(@Spooled(maxSize = 4096) SpooledTemporaryFile<byte[]> file) {
            file.write(new byte[1024]).join();
        }
    }

    // The run-wide leak listener is per launcher run, not per test; left out to keep the output readable.
    /** Where {@link TracksArtifacts} makes its files: a small directory outside the temp root. */
    static volatile Path workDir;

    /**
     * Each test makes and removes a file the leak detector tracks, outside the temp root: a
     * detector that looked at the root (a directory diff) would pay for every file in it.
     */
    @ExtendWith(AsyncTempExtension.class)
    static class TracksArtifacts {
        @RepeatedTest(TESTS)
        void test() throws Exception {
            var made = dev.asynctemp.AsyncTempfile.mkstemp(dev.asynctemp.AsyncTempfile.options().withDir(workDir)).join();
            made.close();
            java.nio.file.Files.delete(made.path());
        }
    }

    private final Launcher launcher = LauncherFactory.create(LauncherConfig.builder()
            .enableTestExecutionListenerAutoRegistration(false).build());

    /** Runs one fixture class once; returns nanoseconds per test. */
    double nanosPerTest(Class<?> fixture, Map<String, String> configuration) {
        var summary = new SummaryGeneratingListener();
        long start = System.nanoTime();
        launcher.execute(LauncherDiscoveryRequestBuilder.request().selectors(selectClass(fixture))
                .configurationParameters(configuration).build(), summary);
        long elapsed = System.nanoTime() - start;
        if (summary.getSummary().getTestsSucceededCount() != TESTS) {
            throw new IllegalStateException(fixture.getSimpleName() + ": " + summary.getSummary().getTestsSucceededCount()
                    + " of " + TESTS + " tests passed; " + summary.getSummary().getFailures());
        }
        return (double) elapsed / TESTS;
    }

    /**
     * Runs every variant {@code rounds} times, interleaved in a shuffled order, after one warm-up
     * round; returns the median nanoseconds per test of each.
     */
    Map<String, Double> measure(Map<String, Variant> variants, int rounds, long seed) {
        var order = new ArrayList<>(variants.keySet());
        var samples = new LinkedHashMap<String, List<Double>>();
        variants.keySet().forEach(name -> samples.put(name, new ArrayList<>()));
        var random = new Random(seed);
        for (int round = -1; round < rounds; round++) {
            Collections.shuffle(order, random);
            for (String name : order) {
                Variant variant = variants.get(name);
                double cost = nanosPerTest(variant.fixture(), variant.configuration());
                if (round >= 0) {
                    samples.get(name).add(cost);
                }
            }
        }
        var medians = new LinkedHashMap<String, Double>();
        samples.forEach((name, values) -> medians.put(name, median(values)));
        return medians;
    }

    record Variant(Class<?> fixture, Map<String, String> configuration) {
    }

    static double median(List<Double> values) {
        var sorted = new ArrayList<>(values);
        Collections.sort(sorted);
        int middle = sorted.size() / 2;
        return sorted.size() % 2 == 1 ? sorted.get(middle) : (sorted.get(middle - 1) + sorted.get(middle)) / 2;
    }
}
