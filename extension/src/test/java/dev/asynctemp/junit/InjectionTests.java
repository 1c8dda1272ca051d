package dev.asynctemp.junit;

import static dev.asynctemp.junit.Kit.note;
import static dev.asynctemp.junit.Kit.see;
import static org.assertj.core.api.Assertions.assertThat;

import dev.asynctemp.Mode;
import dev.asynctemp.NamedTemporaryFile;
import dev.asynctemp.Newline;
import dev.asynctemp.SpooledTemporaryFile;
import dev.asynctemp.TemporaryDirectory;
import dev.asynctemp.TemporaryFile;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.RepeatedTest;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

@DisplayName("AsyncTempExtension injects parameters")
class InjectionTests {

    @Test
    @DisplayName("of all four types into a test method, and removes them after the test")
    void testMethodParameters() {
        Kit.run(AllTypesTestCase.class).testEvents().assertStatistics(s -> s.succeeded(1).failed(0));
        assertThat(Kit.seen()).hasSize(2).allSatisfy(path -> assertThat(path).doesNotExist());
        assertThat(Kit.notes()).containsExactly("text", "binary", "binary", "spooled 16 text", "file open");
    }

    @ExtendWith(AsyncTempExtension.class)
    static class AllTypesTestCase {
        @Test
        void test(TemporaryFile<String> text, TemporaryFile<byte[]> binary,
                @SuppressWarnings("rawtypes") TemporaryFile raw, NamedTemporaryFile<String> named,
                @Spooled(maxSize = 16) SpooledTemporaryFile<String> spooled, TemporaryDirectory dir) {
            note(text.mode() instanceof Mode.Text ? "text" : "binary");
            note(binary.mode() == Mode.BINARY ? "binary" : "text");
            note(raw.mode() == Mode.BINARY ? "binary" : "text");
            note("spooled " + spooled.maxSize() + (spooled.mode() instanceof Mode.Text ? " text" : " binary"));
            assertThat(see(named.path())).exists();
            assertThat(see(dir.path())).isDirectory();
            text.write("x").join();
            note(text.isClosed() ? "file closed" : "file open");
        }
    }

    @Test
    @DisplayName("into @BeforeEach and @AfterEach methods: one per parameter, living for one test")
    void lifecycleMethodParameters() {
        Kit.run(EachTestCase.class).testEvents().assertStatistics(s -> s.succeeded(2).failed(0));
        assertThat(Kit.seen()).hasSize(6).doesNotHaveDuplicates().allSatisfy(p -> assertThat(p).doesNotExist());
        assertThat(Kit.notes()).containsExactly("same in test and afterEach", "same in test and afterEach");
    }

    @ExtendWith(AsyncTempExtension.class)
    static class EachTestCase {
        TemporaryDirectory fromBeforeEach;

        @BeforeEach
        void setUp(TemporaryDirectory dir) {
            fromBeforeEach = dir;
            see(dir.path());
        }

        @Test
        void first(TemporaryDirectory dir) {
            assertThat(see(dir.path())).isNotEqualTo(fromBeforeEach.path());
            assertThat(fromBeforeEach.path()).isDirectory();
        }

        @Test
        void second(TemporaryDirectory dir) {
            assertThat(see(dir.path())).isNotEqualTo(fromBeforeEach.path());
        }

        @AfterEach
        void tearDown(NamedTemporaryFile<byte[]> file) {
            see(file.path());
            assertThat(fromBeforeEach.path()).isDirectory();
            note("same in test and afterEach");
        }
    }

    @Test
    @DisplayName("into @BeforeAll and @AfterAll methods, living for the class")
    void classLevelParameters() {
        Kit.run(AllTestCase.class).testEvents().assertStatistics(s -> s.succeeded(2).failed(0));
        assertThat(Kit.seen()).hasSize(2).allSatisfy(p -> assertThat(p).doesNotExist());
        assertThat(Kit.notes()).containsExactly("alive", "alive", "alive in afterAll");
    }

    @ExtendWith(AsyncTempExtension.class)
    static class AllTestCase {
        static TemporaryDirectory shared;

        @BeforeAll
        static void setUp(TemporaryDirectory dir) {
            shared = dir;
            see(dir.path());
        }

        @Test
        void first() {
            note(Files.isDirectory(shared.path()) ? "alive" : "gone");
        }

        @Test
        void second() {
            note(Files.isDirectory(shared.path()) ? "alive" : "gone");
        }

        @AfterAll
        static void tearDown(NamedTemporaryFile<String> file) {
            see(file.path());
            note(Files.isDirectory(shared.path()) ? "alive in afterAll" : "gone in afterAll");
        }
    }

    @Test
    @DisplayName("into constructors: one per test by default")
    void constructorPerTest() {
        Kit.run(ConstructorTestCase.class).testEvents().assertStatistics(s -> s.succeeded(2).failed(0));
        assertThat(Kit.seen()).hasSize(2).doesNotHaveDuplicates().allSatisfy(p -> assertThat(p).doesNotExist());
        assertThat(Kit.notes()).containsExactly("gone after first test");
    }

    @ExtendWith(AsyncTempExtension.class)
    @org.junit.jupiter.api.TestMethodOrder(org.junit.jupiter.api.MethodOrderer.MethodName.class)
    static class ConstructorTestCase {
        static Path previous;
        final TemporaryDirectory dir;

        ConstructorTestCase(TemporaryDirectory dir) {
            this.dir = dir;
            see(dir.path());
        }

        @Test
        void a() {
            previous = dir.path();
        }

        @Test
        void b() {
            note(Files.exists(previous) ? "alive after first test" : "gone after first test");
        }
    }

    @Test
    @DisplayName("into constructors: one for the class under PER_CLASS")
    void constructorPerClass() {
        Kit.run(PerClassTestCase.class).testEvents().assertStatistics(s -> s.succeeded(2).failed(0));
        assertThat(Kit.seen()).hasSize(2).containsOnly(Kit.seen().get(0));
        assertThat(Kit.seen().get(0)).doesNotExist();
    }

    @ExtendWith(AsyncTempExtension.class)
    @TestInstance(TestInstance.Lifecycle.PER_CLASS)
    static class PerClassTestCase {
        final TemporaryDirectory dir;

        PerClassTestCase(TemporaryDirectory dir) {
            this.dir = dir;
        }

        @Test
        void a() {
            assertThat(see(dir.path())).isDirectory();
        }

        @Test
        void b() {
            assertThat(see(dir.path())).isDirectory();
        }
    }

    @Test
    @DisplayName("into record test classes")
    void records() {
        Kit.run(RecordTestCase.class).testEvents().assertStatistics(s -> s.succeeded(1).failed(0));
        assertThat(Kit.seen()).hasSize(1).allSatisfy(p -> assertThat(p).doesNotExist());
    }

    @ExtendWith(AsyncTempExtension.class)
    record RecordTestCase(NamedTemporaryFile<String> file) {
        @Test
        void test() {
            assertThat(see(file.path())).exists();
        }
    }

    @Test
    @DisplayName("into @ParameterizedTest, @RepeatedTest and @Nested tests, fresh for each invocation")
    void templatesAndNested() {
        var results = Kit.run(TemplatesTestCase.class);
        assertThat(results.testEvents().failed().count()).as(Kit.failures(results)).isZero();
        results.testEvents().assertStatistics(s -> s.succeeded(7).failed(0));
        assertThat(Kit.seen()).hasSize(8).doesNotHaveDuplicates().allSatisfy(p -> assertThat(p).doesNotExist());
    }

    @ExtendWith(AsyncTempExtension.class)
    static class TemplatesTestCase {
        @ParameterizedTest
        @ValueSource(strings = {"a", "b", "c"})
        void parameterized(String value, NamedTemporaryFile<String> file) {
            file.write(value).join();
            see(file.path());
        }

        @RepeatedTest(3)
        void repeated(TemporaryDirectory dir) {
            see(dir.path());
        }

        @Nested
        class Inner {
            final TemporaryFile<String> fromConstructor;

            Inner(TemporaryFile<String> fromConstructor) {
                this.fromConstructor = fromConstructor;
            }

            @Test
            void nested(TemporaryDirectory dir, NamedTemporaryFile<String> file) {
                assertThat(fromConstructor.mode()).isInstanceOf(Mode.Text.class);
                see(dir.path());
                see(file.path());
            }
        }
    }

    @Test
    @DisplayName("with @Temp options: prefix, suffix, charset, errors, newline; and @Spooled")
    void options() {
        Kit.run(OptionsTestCase.class).testEvents().assertStatistics(s -> s.succeeded(1).failed(0));
        assertThat(Kit.notes()).containsExactly("report-", ".csv", "ISO-8859-1", "REPLACE", "CRLF", "rolled");
    }

    @ExtendWith(AsyncTempExtension.class)
    static class OptionsTestCase {
        @Test
        void test(@Temp(prefix = "report-", suffix = ".csv", charset = "ISO-8859-1", errors = "replace",
                newline = Newline.CRLF) NamedTemporaryFile<String> csv,
                @Spooled(maxSize = 4) SpooledTemporaryFile<byte[]> spooled) throws Exception {
            String name = csv.path().getFileName().toString();
            note(name.substring(0, 7));
            note(name.substring(name.length() - 4));
            var mode = (Mode.Text) csv.mode();
            note(mode.charset().name());
            note(mode.errors().toString());
            note(mode.newline().name());
            csv.write("é€\n").join();
            assertThat(Files.readAllBytes(csv.path())).isEqualTo("é?\r\n".getBytes(StandardCharsets.ISO_8859_1));
            spooled.write(new byte[5]).join();
            note(spooled.isRolledOver() ? "rolled" : "in memory");
        }
    }

    @Test
    @DisplayName("composed: @Temp as a meta-annotation on an annotation of one's own")
    void composedAnnotation() {
        Kit.run(ComposedTestCase.class).testEvents().assertStatistics(s -> s.succeeded(1).failed(0));
        assertThat(Kit.notes()).containsExactly("csv-");
    }

    @Temp(prefix = "csv-")
    @java.lang.annotation.Retention(java.lang.annotation.RetentionPolicy.RUNTIME)
    @java.lang.annotation.Target(java.lang.annotation.ElementType.PARAMETER)
    @interface CsvFile {
    }

    @ExtendWith(AsyncTempExtension.class)
    static class ComposedTestCase {
        @Test
        void test(@CsvFile NamedTemporaryFile<String> csv) {
            note(csv.path().getFileName().toString().substring(0, 4));
        }
    }

    @Test
    @DisplayName("a test that removed or closed its parameters itself passes")
    void removedByTheTest() {
        Kit.run(SelfCleaningTestCase.class).testEvents().assertStatistics(s -> s.succeeded(1).failed(0));
    }

    @ExtendWith(AsyncTempExtension.class)
    static class SelfCleaningTestCase {
        @Test
        void test(TemporaryDirectory dir, NamedTemporaryFile<String> file, TemporaryFile<byte[]> anonymous)
                throws Exception {
            Files.delete(dir.path());
            Files.delete(file.path());
            anonymous.close();
            file.close();
        }
    }

    @Test
    @DisplayName("in the directory set by asynctemp.tmpdir, which gettempdir() also returns inside the test")
    void configuredRoot(@org.junit.jupiter.api.io.TempDir Path root) {
        Kit.run(RootTestCase.class, Map.of(AsyncTempExtension.TMPDIR_KEY, root.toString()))
                .testEvents().assertStatistics(s -> s.succeeded(1).failed(0));
        assertThat(Kit.seen()).hasSize(4).allSatisfy(p -> assertThat(p).isEqualTo(root));
    }

    @ExtendWith(AsyncTempExtension.class)
    static class RootTestCase {
        @Test
        void test(TemporaryDirectory dir, NamedTemporaryFile<String> file) throws Exception {
            see(dir.path().getParent());
            see(file.path().getParent());
            see(dev.asynctemp.AsyncTempfile.gettempdir().join());
            var made = dev.asynctemp.AsyncTempfile.mkdtemp().join();
            see(made.getParent());
            Files.delete(made);
        }
    }
}
