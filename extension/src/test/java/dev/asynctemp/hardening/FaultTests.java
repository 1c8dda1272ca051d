package dev.asynctemp.hardening;

import static dev.asynctemp.AsyncTempfile.namedTemporaryFile;
import static dev.asynctemp.AsyncTempfile.spooledTemporaryFile;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowable;

import dev.asynctemp.Mode;
import dev.asynctemp.TempOptions;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.HashMap;
import java.util.Map;
import java.util.concurrent.CompletionException;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.condition.EnabledIf;
import org.junit.jupiter.api.condition.EnabledOnOs;
import org.junit.jupiter.api.condition.OS;
import org.junit.jupiter.api.io.TempDir;

@DisplayName("Faults: limits and full disks")
@EnabledOnOs(OS.LINUX)
class FaultTests {

    @TempDir
    Path dir;

    /** Runs a {@link FaultScenarios} scenario in a child JVM under {@code limit}; returns its key=value lines. */
    private Map<String, String> runUnder(String limit, String scenario) throws Exception {
        String java = Path.of(System.getProperty("java.home"), "bin", "java").toString();
        String command = limit + " && exec '" + java + "' -cp '" + System.getProperty("java.class.path") + "' "
                + FaultScenarios.class.getName() + " " + scenario + " '" + dir + "'";
        Process process = new ProcessBuilder("bash", "-c", command).redirectErrorStream(true).start();
        String output = new String(process.getInputStream().readAllBytes());
        assertThat(process.waitFor(120, TimeUnit.SECONDS)).isTrue();
        assertThat(process.exitValue()).as(output).isZero();
        var values = new HashMap<String, String>();
        output.lines().filter(line -> line.contains("=")).forEach(line -> {
            int eq = line.indexOf('=');
            values.put(line.substring(0, eq), line.substring(eq + 1));
        });
        return values;
    }

    @Test
    @DisplayName("file-size limit (ulimit -f): a clear IOException, the file usable, a failed rollover loses nothing and leaves nothing")
    void fileSizeLimit() throws Exception {
        var result = runUnder("ulimit -f 64", "file-size");
        assertThat(result.get("write")).startsWith("java.io.IOException").contains("File too large");
        assertThat(result.get("write-then-usable")).isEqualTo("true");
        assertThat(result.get("rollover")).startsWith("java.io.IOException").contains("File too large");
        assertThat(result.get("rolled")).isEqualTo("false");
        assertThat(result.get("intact")).isEqualTo("true");
        assertThat(result.get("left")).isEqualTo("0");
    }

    @Test
    @DisplayName("open-file limit (ulimit -n): a clear error, and nothing left open or on disk")
    void openFileLimit() throws Exception {
        var result = runUnder("ulimit -n 64", "open-files");
        assertThat(result.get("mkstemp")).contains("Too many open files");
        assertThat(result.get("named")).contains("Too many open files");
        assertThat(Integer.parseInt(result.get("created-before-limit"))).isPositive();
        assertThat(result.get("left")).isEqualTo("0");
        assertThat(result.get("descriptors")).isEqualTo("0");
    }

    static boolean canMount() {
        if (!"root".equals(System.getProperty("user.name"))) {
            return false;
        }
        try {
            Path probe = Files.createTempDirectory("asynctemp-mount-probe");
            try {
                return mountTmpfs(probe) && run("umount", probe.toString());
            } finally {
                Files.delete(probe);
            }
        } catch (IOException e) {
            return false;
        }
    }

    private static boolean mountTmpfs(Path where) {
        return run("mount", "-t", "tmpfs", "-o", "size=256k", "tmpfs", where.toString());
    }

    private static boolean run(String... command) {
        try {
            return new ProcessBuilder(command).redirectErrorStream(true).start().waitFor() == 0;
        } catch (IOException e) {
            return false;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return false;
        }
    }

    @Test
    @DisplayName("a full file system (256 KiB tmpfs): a clear IOException for a write and for a rollover, nothing lost or left")
    @EnabledIf("canMount")
    void fullFileSystem() throws Exception {
        Path small = Files.createDirectory(dir.resolve("small"));
        assertThat(mountTmpfs(small)).isTrue();
        try {
            var options = TempOptions.defaults().withDir(small);
            try (var file = namedTemporaryFile(Mode.BINARY, options).join()) {
                Throwable failure = catchThrowable(() -> file.write(new byte[1024 * 1024]).join());
                assertThat(failure).isInstanceOf(CompletionException.class).cause()
                        .isInstanceOf(IOException.class).hasMessageContaining("No space left on device");
            }
            byte[] data = new byte[300 * 1024];
            Arrays.fill(data, (byte) 3);
            var spooled = spooledTemporaryFile(512 * 1024, Mode.BINARY, options);
            spooled.write(data).join();
            Throwable failure = catchThrowable(() -> spooled.rollover().join());
            assertThat(failure).cause().isInstanceOf(IOException.class).hasMessageContaining("No space left on device");
            assertThat(spooled.isRolledOver()).isFalse();
            spooled.seek(0).join();
            assertThat(spooled.read().join()).isEqualTo(data);
            spooled.close();
            try (Stream<Path> left = Files.list(small)) {
                assertThat(left).isEmpty();
            }
        } finally {
            run("umount", small.toString());
        }
    }
}
