package dev.asynctemp.junit;

import java.lang.annotation.Documented;
import java.lang.annotation.ElementType;
import java.lang.annotation.Inherited;
import java.lang.annotation.Retention;
import java.lang.annotation.RetentionPolicy;
import java.lang.annotation.Target;

/**
 * Sets the mode of the foreign-leak detector (files and directories the code under test leaves in
 * the JVM's private temp root, by any API) for a test class (and its nested classes) or one test
 * method, overriding the configuration parameter {@value AsyncTempExtension#FOREIGN_LEAKS_KEY}.
 *
 * <pre>{@code
 * @Test
 * @ForeignLeakDetection(LeakMode.FAIL)   // this exporter must clean up after itself
 * void exportsCsv() { ... }
 * }</pre>
 *
 * <p>Found the way JUnit finds its own annotations: on the method (also as a meta-annotation), else
 * on its class, the class's interfaces and superclasses, and enclosing classes; the nearest wins.
 * It cannot switch the detector on for a run whose configuration parameter says {@code off}: then
 * nothing watches the temp root.
 *
 * @since 0.1.0
 */
@Documented
@Inherited
@Retention(RetentionPolicy.RUNTIME)
@Target({ElementType.TYPE, ElementType.METHOD})
public @interface ForeignLeakDetection {

    /**
     * The mode.
     *
     * @return {@link LeakMode#FAIL}, {@link LeakMode#WARN} or {@link LeakMode#OFF}
     */
    LeakMode value();
}
