package dev.asynctemp.hardening;

import static dev.asynctemp.AsyncTempfile.namedTemporaryFile;
import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.platform.engine.discovery.DiscoverySelectors.selectClass;

import dev.asynctemp.Mode;
import dev.asynctemp.NamedTemporaryFile;
import dev.asynctemp.SpooledTemporaryFile;
import dev.asynctemp.TempOptions;
import dev.asynctemp.TemporaryDirectory;
import dev.asynctemp.junit.AsyncTempExtension;
import dev.asynctemp.junit.LeakedArtifact;
import dev.asynctemp.junit.Spooled;
import dev.asynctemp.junit.TempFileLeakException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Map;
import java.util.Queue;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.stream.Stream;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.RepeatedTest;
import org.junit.jupiter.api.RepetitionInfo;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.io.TempDir;
import org.junit.platform.engine.TestExecutionResult;
import org.junit.platform.testkit.engine.EngineExecutionResults;
import org.junit.platform.testkit.engine.EngineTestKit;

@DisplayName("Load and determinism")
@Tag("slow")
class LoadTests {

    @TempDir
    Path root;

    static final Queue<Path> PATHS = new ConcurrentLinkedQueue<>();

    private EngineExecutionResults runParallel(Class<?> fixture, String grace) {
        return EngineTestKit.engine("junit-jupiter").selectors(selectClass(fixture)).configurationParameters(Map.of(
                "junit.jupiter.execution.parallel.enabled", "true",
                "junit.jupiter.execution.parallel.mode.default", "concurrent",
                "junit.jupiter.execution.parallel.config.strategy", "fixed",
                "junit.jupiter.execution.parallel.config.fixed.parallelism", "8",
                AsyncTempExtension.TMPDIR_KEY, root.toString(),
                AsyncTempExtension.LEAK_GRACE_KEY, grace)).execute();
    }

    private void assertRootEmpty() throws Exception {
        try (Stream<Path> left = Files.list(root)) {
            assertThat(left).as("left in the temp root").isEmpty();
        }
    }

    @ExtendWith(AsyncTempExtension.class)
    static class TenThousandTestCase {
        @RepeatedTest(10_000)
        void test(RepetitionInfo info, NamedTemporaryFile<String> file, TemporaryDirectory dir,
                @Spooled(maxSize = 32) SpooledTemporaryFile<byte[]> spooled) throws Exception {
            String id = "#" + info.getCurrentRepetition();
            PATHS.add(file.path());
            PATHS.add(dir.path());
            file.write(id).join();
            Files.writeString(dir.path().resolve("id"), id);
            spooled.write(id.repeat(8).getBytes(StandardCharsets.UTF_8)).join();
            file.seek(0).join();
            assertThat(file.read().join()).isEqualTo(id);
            assertThat(dir.path().resolve("id")).hasContent(id);
            spooled.seek(0).join();
            assertThat(new String(spooled.read().join(), StandardCharsets.UTF_8)).isEqualTo(id.repeat(8));
        }
    }

    @Test
    @DisplayName("10,000 concurrent tests with three parameters each: no collision, no leftover, no wrong verdict")
    void tenThousandTests() throws Exception {
        PATHS.clear();
        var results = runParallel(TenThousandTestCase.class, "500 ms");
        results.testEvents().assertStatistics(s -> s.succeeded(10_000).failed(0));
        assertThat(PATHS).hasSize(20_000).doesNotHaveDuplicates();
        assertRootEmpty();
    }

    @ExtendWith(AsyncTempExtension.class)
    static class AsyncWriterTestCase {
        static final int FILES = 5;

        @RepeatedTest(1_000)
        void test(RepetitionInfo info, NamedTemporaryFile<byte[]> injectedFile, TemporaryDirectory injectedDir) {
            if (info.getCurrentRepetition() % 2 == 0) {
                // Well behaved: writes to an injected file, not awaited. Cleanup awaits them.
                for (int i = 0; i < 20; i++) {
                    injectedFile.write(new byte[4096]);
                }
            } else {
                // Files created and written into the injected directory, neither awaited nor closed.
                var options = TempOptions.defaults().withDir(injectedDir.path());
                for (int i = 0; i < FILES; i++) {
                    namedTemporaryFile(Mode.BINARY, options).thenCompose(file -> file.write(new byte[4096]));
                }
            }
        }
    }

    @Test
    @DisplayName("an async writer still running when the test ends, 1,000 times: always awaited or always reported, never a deletion race")
    void asyncWriterAtTheEnd() throws Exception {
        var results = runParallel(AsyncWriterTestCase.class, "0");
        var wrong = new ArrayList<String>();
        results.testEvents().finished().stream().forEach(event -> {
            String name = event.getTestDescriptor().getDisplayName();
            int repetition = Integer.parseInt(name.substring("repetition ".length(), name.indexOf(" of ")));
            Throwable failure = event.getRequiredPayload(TestExecutionResult.class).getThrowable().orElse(null);
            if (repetition % 2 == 0) {
                if (failure != null) {
                    wrong.add(name + " should pass: " + failure);
                }
            } else if (!(failure instanceof TempFileLeakException leak)
                    || leak.leaks().size() != AsyncWriterTestCase.FILES
                    || !leak.leaks().stream().allMatch(l -> l.kind().equals("NamedTemporaryFile") && l.handleOpen())
                    || leak.getSuppressed().length != AsyncWriterTestCase.FILES) {
                wrong.add(name + " should report exactly " + AsyncWriterTestCase.FILES + " open files: " + failure
                        + (failure instanceof TempFileLeakException leak ? " " + leak.leaks().stream()
                                .map(LeakedArtifact::describe).toList() : ""));
            }
        });
        assertThat(wrong).as("verdicts that depended on timing").isEmpty();
        results.testEvents().assertStatistics(s -> s.succeeded(500).failed(500));
        assertRootEmpty();
    }
}
