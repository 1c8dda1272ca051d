package dev.asynctemp.junit;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.platform.engine.discovery.DiscoverySelectors.selectClass;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.io.TempDir;
import org.junit.platform.launcher.core.LauncherDiscoveryRequestBuilder;
import org.junit.platform.launcher.core.LauncherFactory;
import org.junit.platform.launcher.listeners.SummaryGeneratingListener;

/**
 * The foreign-leak detector judges only on a root that is this JVM's alone: each case runs a JVM of
 * its own, as a build's fork would, with the launcher and the run-wide listener found as in a real
 * build.
 */
@DisplayName("Foreign leaks: only a private temp root is judged")
class ForeignRootTests {

    /** Runs the fixture class named by the first argument, foreign leaks in fail mode; prints the outcome. */
    public static void main(String[] args) throws ClassNotFoundException {
        var summary = new SummaryGeneratingListener();
        LauncherFactory.create().execute(LauncherDiscoveryRequestBuilder.request()
                .selectors(selectClass(Class.forName(args[0])))
                .configurationParameter(AsyncTempExtension.FOREIGN_LEAKS_KEY, "fail").build(), summary);
        System.out.println("tests failed: " + summary.getSummary().getTotalFailureCount());
        summary.getSummary().getFailures().forEach(failure -> System.out.println("failure: " + failure.getException()));
    }

    private static Process java(Path tmpdir, Path coordination, Class<?> fixture) throws IOException {
        String javaBin = Path.of(System.getProperty("java.home"), "bin", "java").toString();
        return new ProcessBuilder(javaBin, "-Djava.io.tmpdir=" + tmpdir, "-Dcoordination=" + coordination,
                "-cp", System.getProperty("java.class.path"), ForeignRootTests.class.getName(), fixture.getName())
                .redirectErrorStream(true).start();
    }

    private static String output(Process process) throws IOException, InterruptedException {
        String output = new String(process.getInputStream().readAllBytes());
        assertThat(process.waitFor(120, TimeUnit.SECONDS)).as(output).isTrue();
        return output;
    }

    static Path coordination() {
        return Path.of(System.getProperty("coordination"));
    }

    static void awaitFile(Path file) throws InterruptedException {
        for (int i = 0; i < 60_000 && !Files.exists(file); i++) {
            Thread.sleep(1);
        }
        assertThat(file).exists();
    }

    @ExtendWith(AsyncTempExtension.class)
    static class LeaksIntoTheRootTestCase {
        @Test
        void leaves() throws IOException {
            Path made = Files.createTempFile("left-", "");
            Files.writeString(coordination().resolve("made"), made.toString());
        }
    }

    @Test
    @DisplayName("on the system's shared /tmp it says so once, with the line to add, and judges nothing")
    void sharedSystemTemp(@TempDir Path coordination) throws Exception {
        String output = output(java(Path.of("/tmp"), coordination, LeaksIntoTheRootTestCase.class));
        Files.deleteIfExists(Path.of(Files.readString(coordination.resolve("made"))));
        assertThat(output).contains("tests failed: 0")
                .contains("asynctemp: foreign-leak detection (asynctemp.leaks.foreign=fail, set by "
                        + "asynctemp.leaks.foreign) judges nothing in this JVM: its temp root /tmp is not private to it "
                        + "(/tmp is the system's shared temp directory). To turn it on, give each test JVM a private "
                        + "temp root at start-up: Maven Surefire or Failsafe <argLine>-Djava.io.tmpdir=")
                .containsOnlyOnce("judges nothing in this JVM");
    }

    @ExtendWith(AsyncTempExtension.class)
    static class HoldsTheRootTestCase {
        @Test
        void waitsWhileTheOtherJvmWrites() throws InterruptedException, IOException {
            Files.createFile(coordination().resolve("first-in-test"));
            awaitFile(coordination().resolve("made"));
        }
    }

    @Test
    @DisplayName("a root a sibling JVM also uses (a fork without its own root) is refused there, and the JVM "
            + "holding it blames none of its tests for the sibling's files")
    void sharedWithASibling(@TempDir Path coordination) throws Exception {
        Path root = Files.createTempDirectory(Path.of(System.getProperty("java.io.tmpdir")), "sibling-root-");
        Process first = java(root, coordination, HoldsTheRootTestCase.class);
        awaitFile(coordination.resolve("first-in-test"));
        String second = output(java(root, coordination, LeaksIntoTheRootTestCase.class));
        String firstOutput = output(first);
        assertThat(second).contains("tests failed: 0").contains("is in use by another JVM (a sibling fork?)");
        assertThat(firstOutput).contains("tests failed: 0").doesNotContain("TempFileLeakException")
                .contains("the temp root is shared with another JVM");
        try (var left = Files.list(root)) {
            List<Path> paths = left.toList();
            // The holder's fence markers live only while each fence does: none is left behind.
            assertThat(paths).noneMatch(path -> path.getFileName().toString().startsWith(".asynctemp-fence-"));
            for (Path path : paths) {
                Files.delete(path);
            }
        }
        Files.delete(root);
    }
}
