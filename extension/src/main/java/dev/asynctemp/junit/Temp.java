package dev.asynctemp.junit;

import dev.asynctemp.Newline;
import java.lang.annotation.Documented;
import java.lang.annotation.ElementType;
import java.lang.annotation.Retention;
import java.lang.annotation.RetentionPolicy;
import java.lang.annotation.Target;
import org.junit.jupiter.api.io.CleanupMode;

/**
 * Asks {@link AsyncTempExtension} for a temporary file or directory in a field, and carries the
 * options of an injected one: the name, text-mode settings, and what happens to it after the test.
 * Put it on a field or parameter of type {@code TemporaryFile}, {@code NamedTemporaryFile},
 * {@code SpooledTemporaryFile} or {@code TemporaryDirectory}, or on an annotation of your own to
 * compose it:
 *
 * <pre>{@code
 * @Temp(cleanup = CleanupMode.ON_SUCCESS)
 * TemporaryDirectory out;                                  // a new one for each test
 *
 * @Temp
 * static NamedTemporaryFile<String> shared;                // one for the whole class
 *
 * @Test
 * void exportsCsv(@Temp(prefix = "export-", suffix = ".csv", charset = "ISO-8859-1") NamedTemporaryFile<String> csv) { ... }
 * }</pre>
 *
 * <p><b>Fields</b> are injected only when they carry {@code @Temp} (or {@link Spooled}), as
 * JUnit's {@code @TempDir} does: instance fields before each test's {@code @BeforeEach} methods,
 * living for that test; static fields before the class's {@code @BeforeAll} methods, living for
 * the class. Any visibility; fields of superclasses and, for {@code @Nested} tests, of enclosing
 * classes count. A final field, or a field of another type, fails every test that needs it (the
 * class, for a static field) with an
 * {@link org.junit.jupiter.api.extension.ExtensionConfigurationException} naming the field and
 * what is allowed. <b>Parameters</b> of the four types are injected with or without it.
 *
 * <p>Attributes left at their default take the built-in default or, for {@link #cleanup()}, the
 * configuration parameter {@value AsyncTempExtension#DEFAULT_CLEANUP_MODE_KEY}. An attribute that
 * does not fit (a charset on a binary file or a directory; a cleanup mode other than
 * {@code ALWAYS} on a file without a name to keep) fails before the test runs, naming the field or
 * parameter: with an {@link org.junit.jupiter.api.extension.ExtensionConfigurationException} for a
 * field, a {@link org.junit.jupiter.api.extension.ParameterResolutionException} for a parameter.
 *
 * @since 0.1.0
 */
@Documented
@Retention(RetentionPolicy.RUNTIME)
@Target({ElementType.FIELD, ElementType.PARAMETER, ElementType.ANNOTATION_TYPE})
public @interface Temp {

    /**
     * The start of the generated name.
     *
     * @return the prefix; {@code "tmp"} as in Python
     */
    String prefix() default "tmp";

    /**
     * The end of the generated name, such as {@code ".csv"}.
     *
     * @return the suffix; empty by default
     */
    String suffix() default "";

    /**
     * The charset of a text-mode file ({@code <String>}); text mode only.
     *
     * @return a charset name such as {@code "UTF-8"}; empty means UTF-8
     */
    String charset() default "";

    /**
     * What a text-mode file does with malformed or unmappable characters, in Python's words:
     * {@code "strict"} (fail), {@code "replace"} or {@code "ignore"}; text mode only.
     *
     * @return the error handling; empty means {@code "strict"}
     */
    String errors() default "";

    /**
     * The newline handling of a text-mode file; text mode only. An array so that "not set" can be
     * told apart: write {@code newline = Newline.LF}.
     *
     * @return at most one value; empty means {@link Newline#UNIVERSAL}
     */
    Newline[] newline() default {};

    /**
     * What happens to the file or directory after its test (or class, for static fields and
     * {@code @BeforeAll} parameters): {@code ALWAYS} removes it, {@code ON_SUCCESS} keeps it if the
     * test (for a class, any of its tests) failed, {@code NEVER} keeps it, as JUnit's
     * {@code @TempDir} does. A kept path is published as a report entry
     * ({@value AsyncTempExtension#KEPT_REPORT_KEY}) and printed once to standard output as a line
     * {@code asynctemp kept <path> ...}, on the test's thread, so that Maven Surefire shows it on
     * the console and in the test's {@code system-out}. Only {@code NamedTemporaryFile} and
     * {@code TemporaryDirectory} have a name to keep.
     *
     * @return the cleanup mode; {@code DEFAULT} asks the configuration parameter
     *     {@value AsyncTempExtension#DEFAULT_CLEANUP_MODE_KEY}, itself {@code ALWAYS} by default
     */
    CleanupMode cleanup() default CleanupMode.DEFAULT;
}
