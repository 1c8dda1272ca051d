package dev.asynctemp.junit;

import static org.assertj.core.api.Assertions.assertThat;

import dev.asynctemp.NamedTemporaryFile;
import dev.asynctemp.Newline;
import dev.asynctemp.SpooledTemporaryFile;
import dev.asynctemp.TemporaryDirectory;
import dev.asynctemp.TemporaryFile;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.extension.ParameterResolutionException;
import org.junit.jupiter.api.io.CleanupMode;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.platform.engine.TestExecutionResult;
import org.junit.platform.testkit.engine.EngineExecutionResults;

@DisplayName("Misuse fails early, naming the parameter and what is allowed")
class MisuseTests {

    @ExtendWith(AsyncTempExtension.class)
    static class MisuseTestCase {
        @Test
        void integerTypeArgument(TemporaryFile<Integer> file) {
        }

        @Test
        void wildcard(NamedTemporaryFile<?> file) {
        }

        @Test
        void spooledOnNamed(@Spooled(maxSize = 1) NamedTemporaryFile<String> file) {
        }

        @Test
        void charsetOnBinary(@Temp(charset = "UTF-8") TemporaryFile<byte[]> file) {
        }

        @Test
        void newlineOnDirectory(@Temp(newline = Newline.LF) TemporaryDirectory dir) {
        }

        @Test
        void neverOnAnonymous(@Temp(cleanup = CleanupMode.NEVER) TemporaryFile<String> file) {
        }

        @Test
        void onSuccessOnSpooled(@Temp(cleanup = CleanupMode.ON_SUCCESS) SpooledTemporaryFile<String> file) {
        }

        @Test
        void badPrefix(@Temp(prefix = "../escape") TemporaryDirectory dir) {
        }

        @Test
        void unknownCharset(@Temp(charset = "no-such-charset") TemporaryFile<String> file) {
        }

        @Test
        void unknownErrors(@Temp(errors = "lenient") TemporaryFile<String> file) {
        }

        @Test
        void twoNewlines(@Temp(newline = {Newline.LF, Newline.CR}) TemporaryFile<String> file) {
        }

        @Test
        void conflicting(@Temp(prefix = "a") @Prefixed TemporaryDirectory dir) {
        }

        @Test
        void textOptionsOnBinary(@Temp(charset = "UTF-8", errors = "replace") NamedTemporaryFile<byte[]> file) {
        }

        @Test
        void tempOnPath(@Temp java.nio.file.Path path) {
        }
    }

    @Temp(prefix = "b")
    @java.lang.annotation.Retention(java.lang.annotation.RetentionPolicy.RUNTIME)
    @interface Prefixed {
    }

    // Run once per run of this class, not once per JVM: PIT reruns these tests in one JVM for each
    // mutant, and results kept from the first run would judge every later mutant by the first one's code.
    private static EngineExecutionResults results;

    @BeforeAll
    static void runTheFixture() {
        results = Kit.run(MisuseTestCase.class);
    }

    @ParameterizedTest(name = "{0}")
    @CsvSource(delimiter = '|', value = {
        "integerTypeArgument | parameter [0] 'file' (TemporaryFile<Integer>) of method MisuseTestCase.integerTypeArgument:"
                + " TemporaryFile<Integer> is not supported; declare TemporaryFile<String> (text), TemporaryFile<byte[]>"
                + " (binary) or the raw type (binary)",
        "wildcard | NamedTemporaryFile<?> is not supported",
        "spooledOnNamed | @Spooled applies to SpooledTemporaryFile parameters only",
        "charsetOnBinary | charset only applies to text mode (a <String> type argument), not to a binary file",
        "newlineOnDirectory | newline only applies to text mode (a <String> type argument), not to a directory",
        "neverOnAnonymous | cleanup = NEVER needs a name on disk to keep, which a TemporaryFile does not have",
        "onSuccessOnSpooled | cleanup = ON_SUCCESS needs a name on disk to keep, which a SpooledTemporaryFile",
        "badPrefix | prefix must not contain a path separator",
        "unknownCharset | charset \"no-such-charset\" is not supported",
        "unknownErrors | errors = \"lenient\" is not one of \"strict\", \"replace\", \"ignore\"",
        "twoNewlines | newline takes one value",
        "conflicting | conflicting @Temp annotations",
        "textOptionsOnBinary | charset, errors only apply to text mode (a <String> type argument), not to a binary file",
        "tempOnPath | parameter [0] 'path' (Path) of method MisuseTestCase.tempOnPath: Path is not injectable; @Temp and"
                + " @Spooled apply to parameters of type TemporaryFile, NamedTemporaryFile, SpooledTemporaryFile or"
                + " TemporaryDirectory",
    })
    void misuse(String test, String message) {
        Throwable failure = Kit.failureOf(results, test);
        assertThat(failure).isInstanceOf(ParameterResolutionException.class)
                .hasMessageStartingWith("Cannot inject parameter [0] '")
                .hasMessageContaining(message);
    }

    @Test
    @DisplayName("every misused test failed and none ran")
    void allFailed() {
        results.testEvents().assertStatistics(s -> s.started(14).failed(14));
    }

    @ExtendWith(AsyncTempExtension.class)
    static class PlainTestCase {
        @Test
        void test(TemporaryDirectory dir) {
        }
    }

    @ParameterizedTest(name = "{0} = {1}")
    @CsvSource(delimiter = '|', value = {
        "asynctemp.cleanup.mode.default | sometimes | allowed values are ALWAYS, ON_SUCCESS, NEVER (case-insensitive)",
        "asynctemp.cleanup.mode.default | default   | allowed values are ALWAYS, ON_SUCCESS, NEVER",
        "asynctemp.cleanup.timeout      | soon      | expected a duration such as '10 s'",
        "asynctemp.tmpdir               | /no/such/dir | expected an existing, writable directory",
    })
    @DisplayName("an invalid configuration value fails with the key and the allowed values")
    void invalidConfiguration(String key, String value, String allowed) {
        var results = Kit.run(PlainTestCase.class, Map.of(key, value));
        // Parsed on first use, in the class's beforeAll: the whole class fails, before any test.
        Throwable failure = results.containerEvents().failed().stream()
                .map(e -> e.getRequiredPayload(TestExecutionResult.class).getThrowable().orElseThrow())
                .findFirst().orElseThrow(() -> new AssertionError("no failure: " + Kit.failures(results)));
        results.testEvents().assertStatistics(s -> s.started(0));
        assertThat(failure).isInstanceOf(org.junit.jupiter.api.extension.ExtensionConfigurationException.class)
                .hasMessageContaining("Invalid value '" + value + "' for configuration parameter '"
                + key + "'").hasMessageContaining(allowed);
    }

    @Test
    @DisplayName("valid configuration values in every accepted form")
    void validDurations() {
        for (String value : List.of("10", "10 s", "500ms", "2 m", "1h", "PT0.5S", "250 us")) {
            assertThat(Configuration.duration(value)).as(value).isPositive();
        }
        Kit.run(PlainTestCase.class, Map.of(AsyncTempExtension.DEFAULT_CLEANUP_MODE_KEY, " on_success "))
                .testEvents().assertStatistics(s -> s.succeeded(1));
    }
}
