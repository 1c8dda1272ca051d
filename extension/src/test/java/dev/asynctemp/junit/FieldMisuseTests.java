package dev.asynctemp.junit;

import static org.assertj.core.api.Assertions.assertThat;

import dev.asynctemp.NamedTemporaryFile;
import dev.asynctemp.TemporaryDirectory;
import dev.asynctemp.TemporaryFile;
import java.nio.file.Path;
import java.util.stream.Stream;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.extension.ExtensionConfigurationException;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;
import org.junit.platform.engine.TestExecutionResult;

@DisplayName("A misused @Temp field fails early, naming the field and what is allowed")
class FieldMisuseTests {

    @ExtendWith(AsyncTempExtension.class)
    static class FinalFieldTestCase {
        @Temp
        final TemporaryDirectory dir = null;

        @Test
        void test() {
        }
    }

    @ExtendWith(AsyncTempExtension.class)
    static class PathFieldTestCase {
        @Temp
        Path dir;

        @Test
        void test() {
        }
    }

    @ExtendWith(AsyncTempExtension.class)
    static class SpooledOnNamedTestCase {
        @Spooled(maxSize = 1)
        NamedTemporaryFile<String> file;

        @Test
        void test() {
        }
    }

    @ExtendWith(AsyncTempExtension.class)
    static class CharsetOnBinaryTestCase {
        @Temp(charset = "UTF-8")
        TemporaryFile<byte[]> file;

        @Test
        void test() {
        }
    }

    @ExtendWith(AsyncTempExtension.class)
    static class IntegerTypeArgumentTestCase<T> {
        @Temp
        TemporaryFile<T> file;

        @Test
        void test() {
        }
    }

    static Stream<Arguments> instanceFields() {
        return Stream.of(
                Arguments.of(FinalFieldTestCase.class, "Cannot inject field 'dir' (TemporaryDirectory) of class "
                        + "FinalFieldTestCase: a final field cannot be assigned; remove final (as for JUnit's @TempDir)"),
                Arguments.of(PathFieldTestCase.class, "Cannot inject field 'dir' (Path) of class PathFieldTestCase: "
                        + "Path is not injectable; @Temp and @Spooled apply to fields of type TemporaryFile, "
                        + "NamedTemporaryFile, SpooledTemporaryFile or TemporaryDirectory"),
                Arguments.of(SpooledOnNamedTestCase.class, "@Spooled applies to SpooledTemporaryFile fields only"),
                Arguments.of(CharsetOnBinaryTestCase.class,
                        "charset only applies to text mode (a <String> type argument), not to a binary file"),
                Arguments.of(IntegerTypeArgumentTestCase.class, "TemporaryFile<T> is not supported; declare "
                        + "TemporaryFile<String> (text), TemporaryFile<byte[]> (binary) or the raw type (binary)"));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("instanceFields")
    @DisplayName("an instance field: each test fails with an ExtensionConfigurationException")
    void instanceField(Class<?> fixture, String message) {
        var results = Kit.run(fixture);
        results.testEvents().assertStatistics(s -> s.started(1).failed(1));
        Throwable failure = Kit.failureOf(results, "test");
        assertThat(failure).isInstanceOf(ExtensionConfigurationException.class).hasMessageContaining(message);
    }

    @ExtendWith(AsyncTempExtension.class)
    static class StaticFinalFieldTestCase {
        @Temp
        static final TemporaryDirectory DIR = null;

        @Test
        void test() {
        }
    }

    @Test
    @DisplayName("a static field: the class fails before any test runs")
    void staticField() {
        var results = Kit.run(StaticFinalFieldTestCase.class);
        results.testEvents().assertStatistics(s -> s.started(0));
        Throwable failure = results.containerEvents().failed().stream()
                .map(e -> e.getRequiredPayload(TestExecutionResult.class).getThrowable().orElseThrow())
                .findFirst().orElseThrow(() -> new AssertionError("no failure: " + Kit.failures(results)));
        assertThat(failure).isInstanceOf(ExtensionConfigurationException.class)
                .hasMessage("Cannot inject static field 'DIR' (TemporaryDirectory) of class StaticFinalFieldTestCase: "
                        + "a final field cannot be assigned; remove final (as for JUnit's @TempDir)");
    }
}
