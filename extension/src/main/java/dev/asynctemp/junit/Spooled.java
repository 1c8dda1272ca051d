package dev.asynctemp.junit;

import java.lang.annotation.Documented;
import java.lang.annotation.ElementType;
import java.lang.annotation.Retention;
import java.lang.annotation.RetentionPolicy;
import java.lang.annotation.Target;

/**
 * The size threshold of an injected {@code SpooledTemporaryFile}: how many bytes it keeps in
 * memory before it rolls over to disk.
 *
 * <pre>{@code
 * @Test
 * void buffersSmallUploads(@Spooled(maxSize = 1024) SpooledTemporaryFile<byte[]> upload) { ... }
 * }</pre>
 *
 * <p>Without it, an injected spooled file has {@code maxSize} 0 and never rolls over on its own,
 * like Python's default. On any other parameter type it fails the test with a
 * {@link org.junit.jupiter.api.extension.ParameterResolutionException}.
 *
 * @since 0.1.0
 */
@Documented
@Retention(RetentionPolicy.RUNTIME)
@Target({ElementType.PARAMETER, ElementType.ANNOTATION_TYPE})
public @interface Spooled {

    /**
     * The bytes kept in memory (encoded bytes in text mode).
     *
     * @return the threshold; zero or less never rolls over on its own
     */
    int maxSize();
}
