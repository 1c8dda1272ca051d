package dev.asynctemp.junit;

import static dev.asynctemp.junit.Kit.see;
import static org.assertj.core.api.Assertions.assertThat;

import dev.asynctemp.NamedTemporaryFile;
import dev.asynctemp.SpooledTemporaryFile;
import dev.asynctemp.TemporaryDirectory;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import java.util.concurrent.ThreadLocalRandom;
import java.util.stream.Stream;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.RepeatedTest;
import org.junit.jupiter.api.RepetitionInfo;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.api.parallel.Execution;
import org.junit.jupiter.api.parallel.ExecutionMode;

@DisplayName("Registration and parallel execution")
class AutoDetectionAndParallelTests {

    /** No @ExtendWith: only auto-detection can resolve the parameter. */
    static class AutoDetectedTestCase {
        @Test
        void test(TemporaryDirectory dir) {
            see(dir.path());
        }
    }

    @Test
    @DisplayName("works through JUnit's extension auto-detection (META-INF/services)")
    void autoDetection() {
        Kit.run(AutoDetectedTestCase.class, Map.of("junit.jupiter.extensions.autodetection.enabled", "true"))
                .testEvents().assertStatistics(s -> s.succeeded(1));
        assertThat(Kit.seen()).hasSize(1).allSatisfy(p -> assertThat(p).doesNotExist());
    }

    @Test
    @DisplayName("without auto-detection or @ExtendWith, nothing resolves the parameter")
    void notRegistered() {
        Kit.run(AutoDetectedTestCase.class).testEvents().assertStatistics(s -> s.failed(1));
    }

    @ExtendWith(AsyncTempExtension.class)
    @Execution(ExecutionMode.CONCURRENT)
    static class ParallelTestCase {
        @RepeatedTest(300)
        void test(RepetitionInfo repetition, NamedTemporaryFile<String> file, TemporaryDirectory dir,
                @Spooled(maxSize = 64) SpooledTemporaryFile<byte[]> spooled) throws Exception {
            String id = "test " + repetition.getCurrentRepetition();
            see(file.path());
            see(dir.path());
            file.write(id).join();
            Path inside = Files.writeString(dir.path().resolve("id.txt"), id);
            spooled.write(id.repeat(5).getBytes(StandardCharsets.UTF_8)).join();
            Thread.sleep(ThreadLocalRandom.current().nextInt(5));
            file.seek(0).join();
            assertThat(file.read().join()).isEqualTo(id);
            assertThat(inside).hasContent(id);
            spooled.seek(0).join();
            assertThat(new String(spooled.read().join(), StandardCharsets.UTF_8)).isEqualTo(id.repeat(5));
        }
    }

    @Test
    @DisplayName("300 concurrent tests with three parameters each: no interference, nothing left on disk")
    void parallel(@TempDir Path root) throws Exception {
        var results = Kit.run(ParallelTestCase.class, Map.of(
                "junit.jupiter.execution.parallel.enabled", "true",
                "junit.jupiter.execution.parallel.mode.default", "concurrent",
                "junit.jupiter.execution.parallel.config.strategy", "fixed",
                "junit.jupiter.execution.parallel.config.fixed.parallelism", "8",
                AsyncTempExtension.TMPDIR_KEY, root.toString()));
        assertThat(results.testEvents().failed().count()).as(Kit.failures(results)).isZero();
        results.testEvents().assertStatistics(s -> s.succeeded(300));
        assertThat(Kit.seen()).hasSize(600).doesNotHaveDuplicates();
        try (Stream<Path> left = Files.list(root)) {
            assertThat(left).isEmpty();
        }
    }
}
