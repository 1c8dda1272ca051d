package dev.asynctemp.junit;

import dev.asynctemp.internal.TempRoot;
import java.io.IOException;
import java.nio.file.InvalidPathException;
import java.nio.file.Path;
import java.time.Duration;
import java.time.format.DateTimeParseException;
import java.util.Arrays;
import java.util.Locale;
import java.util.Optional;
import java.util.function.Function;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Collectors;
import org.junit.jupiter.api.extension.ExtensionConfigurationException;
import org.junit.jupiter.api.extension.ExtensionContext;
import org.junit.jupiter.api.io.CleanupMode;

/**
 * The extension's configuration parameters, parsed once per test run and cached in the root
 * context's store. An invalid value fails with a message naming the key and what is allowed.
 */
record Configuration(CleanupMode defaultCleanup, Duration cleanupTimeout, Optional<Path> tmpdir, LeakMode leakMode,
        String leakModeSource, Duration leakGrace, boolean keepLeaks, boolean failRun, Optional<Path> reportDirectory,
        LeakMode foreignMode, String foreignModeSource) {

    /** Every configuration key asynctemp reads, for the warning about unknown ones. */
    static final java.util.List<String> KEYS = java.util.List.of(AsyncTempExtension.TMPDIR_KEY,
            AsyncTempExtension.DEFAULT_CLEANUP_MODE_KEY, AsyncTempExtension.CLEANUP_TIMEOUT_KEY,
            AsyncTempExtension.LEAKS_KEY, AsyncTempExtension.LEAK_GRACE_KEY, AsyncTempExtension.KEEP_LEAKS_KEY,
            AsyncTempExtension.LEAK_REPORT_KEY, AsyncTempExtension.FAIL_RUN_KEY, AsyncTempExtension.FOREIGN_LEAKS_KEY);

    private static final Pattern DURATION = Pattern.compile("(\\d+)\\s*(ns|us|μs|ms|s|m|h|d)?",
            Pattern.CASE_INSENSITIVE);

    /** Returns the run's configuration, parsing it on first use. */
    @SuppressWarnings("deprecation") // getOrComputeIfAbsent: computeIfAbsent does not exist in JUnit 5.12
    static Configuration of(ExtensionContext context) {
        return context.getRoot().getStore(AsyncTempExtension.NAMESPACE)
                .getOrComputeIfAbsent(Configuration.class, key -> parse(context), Configuration.class);
    }

    static Configuration parse(ExtensionContext context) {
        Optional<LeakMode> leakMode = read(context, AsyncTempExtension.LEAKS_KEY, Configuration::leakMode);
        Optional<LeakMode> foreignMode = read(context, AsyncTempExtension.FOREIGN_LEAKS_KEY, Configuration::leakMode);
        return new Configuration(
                read(context, AsyncTempExtension.DEFAULT_CLEANUP_MODE_KEY, Configuration::cleanupMode)
                        .orElse(CleanupMode.ALWAYS),
                read(context, AsyncTempExtension.CLEANUP_TIMEOUT_KEY, Configuration::duration)
                        .orElse(Duration.ofSeconds(10)),
                read(context, AsyncTempExtension.TMPDIR_KEY, Configuration::directory),
                leakMode.orElse(LeakMode.FAIL),
                leakMode.isPresent() ? "set by " + AsyncTempExtension.LEAKS_KEY : "the default",
                read(context, AsyncTempExtension.LEAK_GRACE_KEY, Configuration::duration)
                        .orElse(Duration.ofMillis(500)),
                read(context, AsyncTempExtension.KEEP_LEAKS_KEY, Configuration::bool).orElse(false),
                read(context, AsyncTempExtension.FAIL_RUN_KEY, Configuration::bool).orElse(false),
                read(context, AsyncTempExtension.LEAK_REPORT_KEY, Configuration::reportDirectory),
                foreignMode.orElse(LeakMode.WARN),
                foreignMode.isPresent() ? "set by " + AsyncTempExtension.FOREIGN_LEAKS_KEY : "the default");
    }

    static LeakMode leakMode(String value) {
        try {
            return LeakMode.valueOf(value.toUpperCase(Locale.ROOT));
        } catch (IllegalArgumentException unknown) {
            throw new IllegalArgumentException("allowed values are fail, warn, off (case-insensitive)");
        }
    }

    static boolean bool(String value) {
        return switch (value.toLowerCase(Locale.ROOT)) {
            case "true" -> true;
            case "false" -> false;
            default -> throw new IllegalArgumentException("allowed values are true, false");
        };
    }

    private static <T> Optional<T> read(ExtensionContext context, String key, Function<String, T> parser) {
        return context.getConfigurationParameter(key).map(String::strip).filter(v -> !v.isEmpty()).map(value -> {
            try {
                return parser.apply(value);
            } catch (IllegalArgumentException e) {
                throw new ExtensionConfigurationException("Invalid value '" + value + "' for configuration parameter '"
                        + key + "': " + e.getMessage(), e);
            }
        });
    }

    private static CleanupMode cleanupMode(String value) {
        String allowed = Arrays.stream(CleanupMode.values()).filter(m -> m != CleanupMode.DEFAULT).map(Enum::name)
                .collect(Collectors.joining(", "));
        try {
            var mode = CleanupMode.valueOf(value.toUpperCase(Locale.ROOT));
            if (mode != CleanupMode.DEFAULT) {
                return mode;
            }
        } catch (IllegalArgumentException unknown) {
            // fall through to the message below
        }
        throw new IllegalArgumentException("allowed values are " + allowed + " (case-insensitive)");
    }

    static Duration duration(String value) {
        Matcher matcher = DURATION.matcher(value);
        if (matcher.matches()) {
            long amount = Long.parseLong(matcher.group(1));
            String unit = matcher.group(2) == null ? "s" : matcher.group(2).toLowerCase(Locale.ROOT);
            return switch (unit) {
                case "ns" -> Duration.ofNanos(amount);
                case "us", "μs" -> Duration.ofNanos(amount * 1_000);
                case "ms" -> Duration.ofMillis(amount);
                case "m" -> Duration.ofMinutes(amount);
                case "h" -> Duration.ofHours(amount);
                case "d" -> Duration.ofDays(amount);
                default -> Duration.ofSeconds(amount);
            };
        }
        try {
            Duration parsed = Duration.parse(value);
            if (!parsed.isNegative()) {
                return parsed;
            }
        } catch (DateTimeParseException notIso) {
            // fall through to the message below
        }
        throw new IllegalArgumentException("expected a duration such as '10 s', '500 ms', '2 m' "
                + "(units ns, us, ms, s, m, h, d; seconds if none) or ISO-8601 such as 'PT10S'");
    }

    private static Path reportDirectory(String value) {
        try {
            Path directory = Path.of(value).toAbsolutePath().normalize();
            if (java.nio.file.Files.exists(directory) && !java.nio.file.Files.isDirectory(directory)) {
                throw new IllegalArgumentException("expected a directory to write one report file per JVM into, "
                        + "but " + directory + " is a file");
            }
            return directory;
        } catch (InvalidPathException e) {
            throw new IllegalArgumentException("expected a directory path; " + e.getMessage(), e);
        }
    }

    private static Path directory(String value) {
        try {
            return TempRoot.check(Path.of(value), "the configuration parameter " + AsyncTempExtension.TMPDIR_KEY);
        } catch (InvalidPathException | IOException e) {
            throw new IllegalArgumentException("expected an existing, writable directory; " + e.getMessage(), e);
        }
    }
}
