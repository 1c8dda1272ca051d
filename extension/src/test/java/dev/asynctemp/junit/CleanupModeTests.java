package dev.asynctemp.junit;

import static dev.asynctemp.junit.Kit.see;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.fail;

import dev.asynctemp.NamedTemporaryFile;
import dev.asynctemp.TemporaryDirectory;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.io.CleanupMode;

@DisplayName("Cleanup modes")
class CleanupModeTests {

    @AfterEach
    void removeKept() throws IOException {
        Kit.removeSeen();
    }

    @ExtendWith(AsyncTempExtension.class)
    static class ModesTestCase {
        @Test
        void passes(@Temp(cleanup = CleanupMode.ALWAYS) TemporaryDirectory always,
                @Temp(cleanup = CleanupMode.ON_SUCCESS) TemporaryDirectory onSuccess,
                @Temp(cleanup = CleanupMode.NEVER) NamedTemporaryFile<String> never) {
            see(always.path());
            see(onSuccess.path());
            see(never.path());
            never.write("kept content").join();
            Kit.note("test thread " + Thread.currentThread().getName());
        }

        @Test
        void fails(@Temp(cleanup = CleanupMode.ALWAYS) TemporaryDirectory always,
                @Temp(cleanup = CleanupMode.ON_SUCCESS) NamedTemporaryFile<String> onSuccess,
                @Temp(cleanup = CleanupMode.NEVER) TemporaryDirectory never) {
            see(always.path());
            see(onSuccess.path());
            see(never.path());
            Kit.note("test thread " + Thread.currentThread().getName());
            fail("on purpose");
        }
    }

    @Test
    @DisplayName("ALWAYS removes on success and failure; ON_SUCCESS keeps on failure; NEVER keeps; kept paths are reported")
    void modes() {
        var results = Kit.run(ModesTestCase.class, Map.of());
        results.testEvents().assertStatistics(s -> s.succeeded(1).failed(1));
        List<Path> seen = Kit.seen();
        // The two tests run in no fixed order: the passing one is the one whose third path is a file.
        boolean passingFirst = Files.isRegularFile(seen.get(2));
        List<Path> passed = passingFirst ? seen.subList(0, 3) : seen.subList(3, 6);
        List<Path> failed = passingFirst ? seen.subList(3, 6) : seen.subList(0, 3);
        assertThat(passed.get(0)).doesNotExist();
        assertThat(passed.get(1)).doesNotExist();
        assertThat(passed.get(2)).hasContent("kept content");
        assertThat(failed.get(0)).doesNotExist();
        assertThat(failed.get(1)).exists();
        assertThat(failed.get(2)).isDirectory();
        assertThat(Kit.keptEntries(results)).containsExactlyInAnyOrder(passed.get(2).toString(),
                failed.get(1).toString(), failed.get(2).toString());
    }

    @ExtendWith(AsyncTempExtension.class)
    static class DefaultModeTestCase {
        @Test
        void passes(TemporaryDirectory dir) {
            see(dir.path());
        }

        @Test
        void explicitAlwaysWins(@Temp(cleanup = CleanupMode.ALWAYS) TemporaryDirectory dir) {
            see(dir.path());
        }
    }

    @Test
    @DisplayName("each kept path is printed once, on the test's thread, where Surefire and Gradle capture it")
    void keptPathsArePrinted() throws IOException {
        var run = CapturedOutput.during(() -> Kit.run(ModesTestCase.class, Map.of()));
        run.result().testEvents().assertStatistics(s -> s.succeeded(1).failed(1));
        List<String> kept = Kit.keptEntries(run.result());
        List<String> printed = run.starting("asynctemp kept ");
        assertThat(printed).hasSize(3);
        for (String path : kept) {
            assertThat(printed).filteredOn(line -> line.startsWith("asynctemp kept " + path + " ")).hasSize(1);
        }
        boolean passingFirst = Files.isRegularFile(Kit.seen().get(2));
        Path keptOnFailure = Kit.seen().get(passingFirst ? 4 : 1);
        assertThat(printed).contains("asynctemp kept " + keptOnFailure + " (cleanup mode ON_SUCCESS, the test did "
                + "not pass) for parameter [1] 'onSuccess' (NamedTemporaryFile<String>) of method ModesTestCase.fails");
        assertThat(printed).anyMatch(line -> line.endsWith(" (cleanup mode NEVER) for parameter [2] 'never' "
                + "(NamedTemporaryFile<String>) of method ModesTestCase.passes"));
        assertThat(run.lines()).filteredOn(line -> line.text().startsWith("asynctemp kept "))
                .allSatisfy(line -> assertThat(Kit.notes()).contains("test thread " + line.thread()));
        Kit.removeSeen();   // the next run starts a new list

        var classLevel = CapturedOutput.during(() -> Kit.run(ClassLevelTestCase.class));
        assertThat(classLevel.starting("asynctemp kept ")).containsExactly("asynctemp kept " + Kit.seen().get(0)
                + " (cleanup mode ON_SUCCESS, a test of the class did not pass) for parameter [0] 'dir' "
                + "(TemporaryDirectory) of method ClassLevelTestCase.setUp");
    }

    @Test
    @DisplayName("asynctemp.cleanup.mode.default applies where the annotation says DEFAULT")
    void configuredDefault() {
        var results = Kit.run(DefaultModeTestCase.class, Map.of(AsyncTempExtension.DEFAULT_CLEANUP_MODE_KEY, "never"));
        results.testEvents().assertStatistics(s -> s.succeeded(2));
        assertThat(Kit.seen()).hasSize(2);
        assertThat(Kit.seen().stream().filter(Files::exists)).hasSize(1);
        assertThat(Kit.keptEntries(results)).hasSize(1);
    }

    @ExtendWith(AsyncTempExtension.class)
    static class ClassLevelTestCase {
        @BeforeAll
        static void setUp(@Temp(cleanup = CleanupMode.ON_SUCCESS) TemporaryDirectory dir) {
            see(dir.path());
        }

        @Test
        void passes() {
        }

        @Test
        void fails() {
            fail("on purpose");
        }
    }

    @Test
    @DisplayName("ON_SUCCESS at class level keeps the directory when any test of the class failed")
    void classLevelOnSuccess() {
        var results = Kit.run(ClassLevelTestCase.class);
        results.testEvents().assertStatistics(s -> s.succeeded(1).failed(1));
        assertThat(Kit.seen()).hasSize(1);
        assertThat(Kit.seen().get(0)).isDirectory();
        assertThat(Kit.keptEntries(results)).containsExactly(Kit.seen().get(0).toString());
    }

    @ExtendWith(AsyncTempExtension.class)
    static class ClassLevelPassingTestCase {
        @BeforeAll
        static void setUp(@Temp(cleanup = CleanupMode.ON_SUCCESS) TemporaryDirectory dir) {
            see(dir.path());
        }

        @Test
        void passes() {
        }
    }

    @Test
    @DisplayName("ON_SUCCESS at class level removes the directory when every test passed")
    void classLevelOnSuccessPassing() {
        Kit.run(ClassLevelPassingTestCase.class).testEvents().assertStatistics(s -> s.succeeded(1));
        assertThat(Kit.seen().get(0)).doesNotExist();
    }
}
