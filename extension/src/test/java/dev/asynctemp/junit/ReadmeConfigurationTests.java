package dev.asynctemp.junit;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.io.IOException;
import java.lang.reflect.Field;
import java.lang.reflect.Modifier;
import java.lang.reflect.RecordComponent;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Collectors;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.BeforeEachCallback;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.extension.ExtensionContext;

/**
 * Keeps the README's configuration table true: its keys are exactly the documented configuration
 * constants of {@link AsyncTempExtension}, and the defaults it states, passed as values, configure
 * exactly what no value does. Needs the README beside the module, as in a Maven build; a copy of
 * the compiled tests run elsewhere skips it.
 */
@DisplayName("The README's configuration table")
class ReadmeConfigurationTests {

    private static final Path README = Path.of("..", "README.md");
    private static final Pattern ROW = Pattern.compile("^\\| `(asynctemp\\.[\\w.-]+)` \\| ([^|]+) \\|");
    /** Constants ending in _KEY that name a report entry, not a configuration parameter. */
    private static final Set<String> NOT_PARAMETERS = Set.of(AsyncTempExtension.KEPT_REPORT_KEY);
    /** Defaults the table states in words, with no value that could be passed. */
    private static final Set<String> DEFAULTS_IN_WORDS = Set.of(AsyncTempExtension.TMPDIR_KEY,
            AsyncTempExtension.LEAK_REPORT_KEY);

    @Test
    @DisplayName("lists every configuration constant of AsyncTempExtension, and nothing else")
    void keysAreTheConstants() throws Exception {
        Map<String, String> table = table();
        var constants = Arrays.stream(AsyncTempExtension.class.getFields())
                .filter(field -> Modifier.isStatic(field.getModifiers()) && field.getName().endsWith("_KEY"))
                .map(ReadmeConfigurationTests::value)
                .filter(key -> !NOT_PARAMETERS.contains(key))
                .collect(Collectors.toSet());
        assertThat(table.keySet()).as("keys in the README's table").containsExactlyInAnyOrderElementsOf(constants);
    }

    @Test
    @DisplayName("states the built-in defaults: passing them as values changes nothing")
    void defaultsAreTheBuiltInOnes() throws IOException {
        var stated = new LinkedHashMap<String, String>();
        table().forEach((key, value) -> {
            if (!DEFAULTS_IN_WORDS.contains(key)) {
                stated.put(key, value.replace("`", "").strip());
            }
        });
        Kit.run(ConfigurationTestCase.class).testEvents().assertStatistics(s -> s.succeeded(1));
        Map<String, Object> builtIn = settings(ConfigurationTestCase.seen);
        Kit.run(ConfigurationTestCase.class, stated).testEvents().assertStatistics(s -> s.succeeded(1));
        assertThat(settings(ConfigurationTestCase.seen)).as("configuration from the README's defaults " + stated)
                .isEqualTo(builtIn);
    }

    /**
     * The configuration's settings by name, leaving out where a value came from (a component
     * named {@code ...Source}): that differs by design between a default and the same value passed.
     */
    private static Map<String, Object> settings(Configuration configuration) {
        var settings = new LinkedHashMap<String, Object>();
        for (RecordComponent component : Configuration.class.getRecordComponents()) {
            if (!component.getName().endsWith("Source")) {
                try {
                    settings.put(component.getName(), component.getAccessor().invoke(configuration));
                } catch (ReflectiveOperationException e) {
                    throw new AssertionError(e);
                }
            }
        }
        return settings;
    }

    @ExtendWith({AsyncTempExtension.class, ConfigurationTestCase.Capture.class})
    static class ConfigurationTestCase {
        static volatile Configuration seen;

        /** Reads the configuration the extension parsed for the run. */
        static class Capture implements BeforeEachCallback {
            @Override
            public void beforeEach(ExtensionContext context) {
                seen = Configuration.of(context);
            }
        }

        @Test
        void test() {
        }
    }

    /** The table's rows: key to default. */
    private static Map<String, String> table() throws IOException {
        assumeTrue(Files.exists(README), "the README is not beside this module (tests run from copied jars)");
        var rows = new LinkedHashMap<String, String>();
        for (String line : Files.readAllLines(README)) {
            Matcher row = ROW.matcher(line);
            if (row.find()) {
                rows.put(row.group(1), row.group(2).strip());
            }
        }
        return rows;
    }

    private static String value(Field field) {
        try {
            return (String) field.get(null);
        } catch (IllegalAccessException e) {
            throw new AssertionError(e);
        }
    }
}
