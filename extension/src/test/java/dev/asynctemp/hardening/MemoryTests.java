package dev.asynctemp.hardening;

import static dev.asynctemp.AsyncTempfile.temporaryFile;
import static org.assertj.core.api.Assertions.assertThat;

import dev.asynctemp.Mode;
import dev.asynctemp.TempOptions;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

@DisplayName("Memory: bounded by one element, whatever one call writes")
class MemoryTests {

    private static final long MIB = MemoryScenarios.MIB;

    @TempDir
    Path dir;

    /** Runs a {@link MemoryScenarios} scenario in a child JVM with a 64 MiB heap; returns its key=value lines. */
    private Map<String, String> runWithSmallHeap(String scenario, int elements) throws Exception {
        String java = Path.of(System.getProperty("java.home"), "bin", "java").toString();
        String output;
        Path log = Files.createTempFile("memory-scenario", ".log");
        try {
            Process process = new ProcessBuilder(java, "-Xmx64m", "-cp", System.getProperty("java.class.path"),
                    MemoryScenarios.class.getName(), scenario, dir.toString(), String.valueOf(elements))
                    .redirectErrorStream(true).redirectOutput(log.toFile()).start();
            boolean ended = process.waitFor(300, TimeUnit.SECONDS);
            if (!ended) {
                // A file wedged by the scenario blocks its close for ever: fail, do not hang the build.
                process.destroyForcibly().waitFor();
            }
            output = Files.readString(log);
            assertThat(ended).as("ended within 300 s; output:%n%s", output).isTrue();
            assertThat(process.exitValue()).as(output).isZero();
        } finally {
            Files.delete(log);
        }
        var values = new HashMap<String, String>();
        output.lines().filter(line -> line.contains("=")).forEach(line -> {
            int eq = line.indexOf('=');
            values.put(line.substring(0, eq), line.substring(eq + 1));
        });
        assertThat(Long.parseLong(values.get("max-heap"))).isLessThan(100 * MIB);
        try (Stream<Path> left = Files.list(dir)) {
            assertThat(left).as("left on disk").isEmpty();
        }
        return values;
    }

    @ParameterizedTest(name = "{0}")
    @ValueSource(strings = {"spooled-binary", "spooled-text"})
    @DisplayName("a spooled file (maxSize 1 MiB) takes 200 MiB in one writelines with a 64 MiB heap: it spills to disk")
    void spooled(String scenario) throws Exception {
        var result = runWithSmallHeap(scenario, 200);
        assertThat(result).doesNotContainKey("writelines-threw").containsEntry("writelines", "null")
                .containsEntry("write-after", "1").containsEntry("size", String.valueOf(200 * MIB + 1))
                .containsEntry("rolled", "true").containsEntry("closed", "true");
    }

    @Test
    @DisplayName("a file on disk takes more than 2 GiB in one writelines")
    void beyondTwoGigabytes() throws Exception {
        int elements = 2049;
        var result = runWithSmallHeap("named-binary", elements);
        assertThat(result).doesNotContainKey("writelines-threw").containsEntry("writelines", "null")
                .containsEntry("size", String.valueOf(elements * MIB + 1)).containsEntry("closed", "true");
    }

    @Test
    @DisplayName("text read(n) holds what it reads, not n chars: read(Integer.MAX_VALUE - 8) of a short file")
    void readOfHugeSizeAllocatesWhatIsThere() throws Exception {
        try (var file = temporaryFile(Mode.TEXT, TempOptions.defaults().withDir(dir)).join()) {
            file.write("short").join();
            file.seek(0).join();
            assertThat(file.read(Integer.MAX_VALUE - 8).get(30, TimeUnit.SECONDS)).isEqualTo("short");
        }
    }
}
