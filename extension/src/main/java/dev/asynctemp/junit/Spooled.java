package dev.asynctemp.junit;

import java.lang.annotation.Documented;
import java.lang.annotation.ElementType;
import java.lang.annotation.Retention;
import java.lang.annotation.RetentionPolicy;
import java.lang.annotation.Target;

/**
 * The size threshold of an injected {@code SpooledTemporaryFile}: how many bytes it keeps in
 * memory before it rolls over to disk (exactly {@code maxSize} bytes stay in memory).
 *
 * <pre>{@code
 * @Spooled(maxSize = 4096)
 * SpooledTemporaryFile<String> buffer;                      // a field: injected for each test
 *
 * @Test
 * void buffersSmallUploads(@Spooled(maxSize = 1024) SpooledTemporaryFile<byte[]> upload) { ... }
 * }</pre>
 *
 * <p>Without it, an injected spooled file has {@code maxSize} 0 and never rolls over on its own,
 * like Python's default. On a field it also asks for injection, as {@link Temp} does (both may be
 * combined). On any other type it fails before the test runs, naming the field or parameter: with
 * an {@link org.junit.jupiter.api.extension.ExtensionConfigurationException} for a field, a
 * {@link org.junit.jupiter.api.extension.ParameterResolutionException} for a parameter.
 *
 * @since 0.1.0
 */
@Documented
@Retention(RetentionPolicy.RUNTIME)
@Target({ElementType.FIELD, ElementType.PARAMETER, ElementType.ANNOTATION_TYPE})
public @interface Spooled {

    /**
     * The bytes kept in memory (encoded bytes in text mode).
     *
     * @return the threshold; zero or less never rolls over on its own
     */
    int maxSize();
}
