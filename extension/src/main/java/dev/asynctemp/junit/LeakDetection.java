package dev.asynctemp.junit;

import java.lang.annotation.Documented;
import java.lang.annotation.ElementType;
import java.lang.annotation.Inherited;
import java.lang.annotation.Retention;
import java.lang.annotation.RetentionPolicy;
import java.lang.annotation.Target;

/**
 * Sets the leak detector's mode for a test class (and its nested classes) or one test method,
 * overriding the configuration parameter {@value AsyncTempExtension#LEAKS_KEY}.
 *
 * <pre>{@code
 * @Test
 * @LeakDetection(LeakMode.WARN)   // known to leak until #123 is fixed
 * void legacyImport() { ... }
 * }</pre>
 *
 * <p>The nearest annotation wins: method, then its class, then enclosing classes.
 *
 * @since 0.1.0
 */
@Documented
@Inherited
@Retention(RetentionPolicy.RUNTIME)
@Target({ElementType.TYPE, ElementType.METHOD})
public @interface LeakDetection {

    /**
     * The mode.
     *
     * @return {@link LeakMode#FAIL}, {@link LeakMode#WARN} or {@link LeakMode#OFF}
     */
    LeakMode value();
}
