package dev.asynctemp.junit;

import static dev.asynctemp.junit.Kit.note;
import static dev.asynctemp.junit.Kit.see;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.fail;

import dev.asynctemp.Mode;
import dev.asynctemp.NamedTemporaryFile;
import dev.asynctemp.SpooledTemporaryFile;
import dev.asynctemp.TemporaryDirectory;
import dev.asynctemp.TemporaryFile;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.TestMethodOrder;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.io.CleanupMode;

@DisplayName("AsyncTempExtension injects @Temp fields, as JUnit's @TempDir does")
class FieldInjectionTests {

    @AfterEach
    void removeKept() throws IOException {
        Kit.removeSeen();
    }

    @Test
    @DisplayName("instance fields of the four types, any visibility: new for each test, ready in @BeforeEach, removed after")
    void instanceFields() {
        var results = Kit.run(InstanceFieldsTestCase.class);
        assertThat(results.testEvents().failed().count()).as(Kit.failures(results)).isZero();
        results.testEvents().assertStatistics(s -> s.succeeded(2));
        assertThat(Kit.seen()).hasSize(4).doesNotHaveDuplicates().allSatisfy(path -> assertThat(path).doesNotExist());
        String each = "text binary binary report-*.csv ISO-8859-1 spooled 4 rolled, not annotated: null";
        assertThat(Kit.notes()).containsExactly("ready in @BeforeEach", each, "ready in @BeforeEach", each);
    }

    @ExtendWith(AsyncTempExtension.class)
    static class InstanceFieldsTestCase {
        @Temp
        private TemporaryFile<String> text;
        @Temp
        TemporaryFile<byte[]> binary;
        @Temp
        @SuppressWarnings("rawtypes")
        protected TemporaryFile raw;
        @Temp(prefix = "report-", suffix = ".csv", charset = "ISO-8859-1")
        public NamedTemporaryFile<String> named;
        @Spooled(maxSize = 4)
        SpooledTemporaryFile<byte[]> spooled;
        @Temp
        TemporaryDirectory dir;
        TemporaryDirectory notAnnotated;

        @BeforeEach
        void ready() {
            note(dir != null && Files.isDirectory(dir.path()) ? "ready in @BeforeEach" : "missing in @BeforeEach");
        }

        @Test
        void first() {
            check();
        }

        @Test
        void second() {
            check();
        }

        private void check() {
            String name = see(named.path()).getFileName().toString();
            see(dir.path());
            spooled.write(new byte[5]).join();
            note((text.mode() instanceof Mode.Text ? "text " : "binary ")
                    + (binary.mode() == Mode.BINARY ? "binary " : "text ")
                    + (raw.mode() == Mode.BINARY ? "binary " : "text ")
                    + name.substring(0, 7) + "*" + name.substring(name.length() - 4) + " "
                    + ((Mode.Text) named.mode()).charset().name() + " spooled " + spooled.maxSize()
                    + (spooled.isRolledOver() ? " rolled" : " in memory") + ", not annotated: " + notAnnotated);
            TempLeaks.assertNoLeaks();   // injected fields are never leaks
        }
    }

    @Test
    @DisplayName("static fields: one for the class, ready in @BeforeAll, removed after the class")
    void staticFields() {
        Kit.run(StaticFieldsTestCase.class).testEvents().assertStatistics(s -> s.succeeded(2).failed(0));
        assertThat(Kit.seen()).hasSize(6);
        assertThat(Kit.seen().subList(2, 6)).containsExactly(Kit.seen().get(0), Kit.seen().get(1),
                Kit.seen().get(0), Kit.seen().get(1));
        assertThat(Kit.seen()).allSatisfy(path -> assertThat(path).doesNotExist());
    }

    @ExtendWith(AsyncTempExtension.class)
    static class StaticFieldsTestCase {
        @Temp
        private static TemporaryDirectory shared;
        @Temp
        static NamedTemporaryFile<String> log;

        @BeforeAll
        static void ready() {
            see(shared.path());
            see(log.path());
        }

        @Test
        void first() {
            assertThat(see(shared.path())).isDirectory();
            assertThat(see(log.path())).exists();
        }

        @Test
        void second() {
            assertThat(see(shared.path())).isDirectory();
            assertThat(see(log.path())).exists();
        }
    }

    @Test
    @DisplayName("fields of superclasses, private ones too")
    void inheritedFields() {
        Kit.run(SubclassTestCase.class).testEvents().assertStatistics(s -> s.succeeded(1).failed(0));
        assertThat(Kit.notes()).containsExactly("base-", "base-static-", "sub-");
        assertThat(Kit.seen()).hasSize(3).allSatisfy(path -> assertThat(path).doesNotExist());
    }

    abstract static class BaseTestCase {
        @Temp(prefix = "base-")
        private TemporaryDirectory baseDir;
        @Temp(prefix = "base-static-")
        private static TemporaryDirectory baseStatic;

        TemporaryDirectory baseDir() {
            return baseDir;
        }

        static TemporaryDirectory baseStatic() {
            return baseStatic;
        }
    }

    @ExtendWith(AsyncTempExtension.class)
    static class SubclassTestCase extends BaseTestCase {
        @Temp(prefix = "sub-")
        private TemporaryDirectory subDir;

        @Test
        void test() {
            for (TemporaryDirectory dir : new TemporaryDirectory[] {baseDir(), baseStatic(), subDir}) {
                String name = see(dir.path()).getFileName().toString();
                note(name.substring(0, name.length() - 16));
            }
        }
    }

    @Test
    @DisplayName("@Nested: the enclosing instance's fields are new for each nested test, like the nested class's own")
    void nested() {
        var results = Kit.run(OuterTestCase.class);
        assertThat(results.testEvents().failed().count()).as(Kit.failures(results)).isZero();
        results.testEvents().assertStatistics(s -> s.succeeded(3));
        assertThat(Kit.seen()).hasSize(5).doesNotHaveDuplicates().allSatisfy(path -> assertThat(path).doesNotExist());
    }

    @ExtendWith(AsyncTempExtension.class)
    static class OuterTestCase {
        @Temp
        TemporaryDirectory outerDir;

        @Test
        void outer() {
            see(outerDir.path());
        }

        @Nested
        class Inner {
            @Temp
            NamedTemporaryFile<String> innerFile;

            @Test
            void first() {
                see(outerDir.path());
                see(innerFile.path());
            }

            @Test
            void second() {
                see(outerDir.path());
                see(innerFile.path());
            }
        }
    }

    @Test
    @DisplayName("PER_CLASS: the one instance's field gets a new value for each test, the previous one removed")
    void perClass() {
        Kit.run(PerClassFieldTestCase.class).testEvents().assertStatistics(s -> s.succeeded(2).failed(0));
        assertThat(Kit.seen()).hasSize(2).doesNotHaveDuplicates().allSatisfy(path -> assertThat(path).doesNotExist());
        assertThat(Kit.notes()).containsExactly("previous removed");
    }

    @ExtendWith(AsyncTempExtension.class)
    @TestInstance(TestInstance.Lifecycle.PER_CLASS)
    @TestMethodOrder(MethodOrderer.MethodName.class)
    static class PerClassFieldTestCase {
        @Temp
        TemporaryDirectory dir;
        Path previous;

        @Test
        void a() {
            previous = see(dir.path());
        }

        @Test
        void b() {
            see(dir.path());
            note(Files.exists(previous) ? "previous alive" : "previous removed");
        }
    }

    @Test
    @DisplayName("cleanup modes: ON_SUCCESS keeps a field's directory when its test (for a static field, any test) failed")
    void cleanupModes() {
        var results = Kit.run(FieldCleanupTestCase.class);
        results.testEvents().assertStatistics(s -> s.succeeded(1).failed(1));
        Path kept = Kit.seen().get(0);
        assertThat(Kit.seen()).hasSize(3);
        assertThat(Kit.seen().get(1)).doesNotExist();      // the passing test's own
        assertThat(Kit.seen().get(2)).isDirectory();       // the failing test's own
        assertThat(kept).isDirectory();                    // the class's: a test of it failed
        assertThat(Kit.keptEntries(results)).containsExactlyInAnyOrder(kept.toString(), Kit.seen().get(2).toString());
    }

    @ExtendWith(AsyncTempExtension.class)
    @TestMethodOrder(MethodOrderer.MethodName.class)
    static class FieldCleanupTestCase {
        @Temp(cleanup = CleanupMode.ON_SUCCESS)
        static TemporaryDirectory classEvidence;
        @Temp(cleanup = CleanupMode.ON_SUCCESS)
        TemporaryDirectory evidence;

        @BeforeAll
        static void seeClassLevel() {
            see(classEvidence.path());
        }

        @Test
        void a() {
            see(evidence.path());
        }

        @Test
        void b() {
            see(evidence.path());
            fail("on purpose");
        }
    }

    @Test
    @DisplayName("a record's @Temp component is injected as a constructor parameter, not as a final field")
    void recordComponent() {
        Kit.run(RecordTestCase.class).testEvents().assertStatistics(s -> s.succeeded(1).failed(0));
        assertThat(Kit.notes()).containsExactly("rec-");
    }

    @ExtendWith(AsyncTempExtension.class)
    record RecordTestCase(@Temp(prefix = "rec-") NamedTemporaryFile<String> file) {
        @Test
        void test() {
            note(file.path().getFileName().toString().substring(0, 4));
        }
    }
}
