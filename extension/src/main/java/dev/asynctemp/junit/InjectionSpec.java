package dev.asynctemp.junit;

import dev.asynctemp.Mode;
import dev.asynctemp.NamedTemporaryFile;
import dev.asynctemp.Newline;
import dev.asynctemp.SpooledTemporaryFile;
import dev.asynctemp.TempOptions;
import dev.asynctemp.TemporaryDirectory;
import dev.asynctemp.TemporaryFile;
import java.lang.annotation.Annotation;
import java.lang.reflect.AnnotatedElement;
import java.lang.reflect.Field;
import java.lang.reflect.Modifier;
import java.lang.reflect.ParameterizedType;
import java.lang.reflect.Type;
import java.nio.charset.Charset;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.IllegalCharsetNameException;
import java.nio.charset.UnsupportedCharsetException;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashSet;
import java.util.List;
import java.util.Locale;
import java.util.Set;
import java.util.stream.Collectors;
import org.junit.jupiter.api.extension.ParameterContext;
import org.junit.jupiter.api.io.CleanupMode;
import org.junit.platform.commons.support.AnnotationSupport;

/**
 * What one injected parameter or field asks for, read from its type and annotations and checked,
 * by the same rules for both; misuse fails with the exception of its {@link InjectionPoint}, naming
 * it and what is allowed.
 *
 * @param kind which of the four types
 * @param mode the file's mode; {@code null} for a directory
 * @param options prefix and suffix from {@link Temp}
 * @param cleanup the cleanup mode from {@link Temp}, {@code DEFAULT} if none
 * @param maxSize the threshold from {@link Spooled}, 0 if none
 * @param point the parameter or field
 */
record InjectionSpec(Kind kind, Mode<?> mode, TempOptions options, CleanupMode cleanup, int maxSize,
        InjectionPoint point) {

    /** The four injectable types. */
    enum Kind {
        FILE(TemporaryFile.class, false),
        NAMED(NamedTemporaryFile.class, true),
        SPOOLED(SpooledTemporaryFile.class, false),
        DIRECTORY(TemporaryDirectory.class, true);

        final Class<?> type;
        /** Whether it has a name on disk that a cleanup mode can keep. */
        final boolean keepable;

        Kind(Class<?> type, boolean keepable) {
            this.type = type;
            this.keepable = keepable;
        }

        static Kind of(Class<?> type) {
            for (Kind kind : values()) {
                if (kind.type == type) {
                    return kind;
                }
            }
            return null;
        }
    }

    /**
     * Whether a parameter is the extension's: one of the four types, or annotated with {@link Temp}
     * or {@link Spooled} (which then fails to resolve with a message saying what is allowed, instead
     * of JUnit's "no resolver").
     */
    static boolean supports(ParameterContext context) {
        return Kind.of(context.getParameter().getType()) != null || requested(context.getParameter());
    }

    /** Whether a field or parameter carries {@link Temp} or {@link Spooled}, directly or as a meta-annotation. */
    static boolean requested(AnnotatedElement element) {
        return AnnotationSupport.isAnnotated(element, Temp.class) || AnnotationSupport.isAnnotated(element, Spooled.class);
    }

    static InjectionSpec of(ParameterContext context) {
        return of(InjectionPoint.of(context));
    }

    /**
     * Reads and checks what {@code point} asks for; throws {@link InjectionPoint#misuse(String)}
     * if its type or an annotation is misused.
     */
    static InjectionSpec of(InjectionPoint point) {
        Kind kind = Kind.of(point.type());
        String what = point.field() ? "fields" : "parameters";
        if (kind == null) {
            throw point.misuse(point.type().getSimpleName() + " is not injectable; @Temp and @Spooled apply to "
                    + what + " of type TemporaryFile, NamedTemporaryFile, SpooledTemporaryFile or TemporaryDirectory");
        }
        if (point.field() && Modifier.isFinal(((Field) point.element()).getModifiers())) {
            throw point.misuse("a final field cannot be assigned; remove final (as for JUnit's @TempDir)");
        }
        Temp temp = single(point, Temp.class);
        Spooled spooled = single(point, Spooled.class);
        if (spooled != null && kind != Kind.SPOOLED) {
            throw point.misuse("@Spooled applies to SpooledTemporaryFile " + what + " only");
        }
        Mode<?> mode = kind == Kind.DIRECTORY ? null : mode(point, kind, temp);
        if (kind == Kind.DIRECTORY || mode == Mode.BINARY) {
            rejectTextOptions(point, temp, kind == Kind.DIRECTORY ? "a directory" : "a binary file");
        }
        CleanupMode cleanup = temp == null ? CleanupMode.DEFAULT : temp.cleanup();
        if (!kind.keepable && cleanup != CleanupMode.DEFAULT && cleanup != CleanupMode.ALWAYS) {
            throw point.misuse("cleanup = " + cleanup + " needs a name on disk to keep, which a "
                    + kind.type.getSimpleName() + " does not have; use ALWAYS, or a NamedTemporaryFile");
        }
        TempOptions options = TempOptions.defaults();
        if (temp != null) {
            try {
                options = options.withPrefix(temp.prefix()).withSuffix(temp.suffix());
            } catch (IllegalArgumentException | NullPointerException e) {
                throw point.misuse(e.getMessage());
            }
        }
        return new InjectionSpec(kind, mode, options, cleanup, spooled == null ? 0 : spooled.maxSize(), point);
    }

    /** How messages name the parameter or field. */
    String description() {
        return point.description();
    }

    private static Mode<?> mode(InjectionPoint point, Kind kind, Temp temp) {
        Type type = point.genericType();
        if (type instanceof Class<?>) {
            return Mode.BINARY;
        }
        Type argument = type instanceof ParameterizedType generic ? generic.getActualTypeArguments()[0] : type;
        if (argument == byte[].class) {
            return Mode.BINARY;
        }
        if (argument == String.class) {
            return textMode(point, temp);
        }
        throw point.misuse(kind.type.getSimpleName() + "<" + InjectionPoint.simpleNames(argument) + "> is not supported; "
                + "declare " + kind.type.getSimpleName() + "<String> (text), " + kind.type.getSimpleName()
                + "<byte[]> (binary) or the raw type (binary)");
    }

    private static Mode.Text textMode(InjectionPoint point, Temp temp) {
        Mode.Text mode = Mode.TEXT;
        if (temp == null) {
            return mode;
        }
        if (!temp.charset().isEmpty()) {
            try {
                mode = mode.withCharset(Charset.forName(temp.charset()));
            } catch (IllegalCharsetNameException | UnsupportedCharsetException e) {
                throw point.misuse("charset \"" + temp.charset() + "\" is not supported by this JVM");
            }
        }
        if (!temp.errors().isEmpty()) {
            mode = mode.withErrors(switch (temp.errors().toLowerCase(Locale.ROOT)) {
                case "strict" -> CodingErrorAction.REPORT;
                case "replace" -> CodingErrorAction.REPLACE;
                case "ignore" -> CodingErrorAction.IGNORE;
                default -> throw point.misuse("errors = \"" + temp.errors()
                        + "\" is not one of \"strict\", \"replace\", \"ignore\"");
            });
        }
        Newline[] newline = temp.newline();
        if (newline.length > 1) {
            throw point.misuse("newline takes one value, not " + Arrays.toString(newline));
        }
        return newline.length == 1 ? mode.withNewline(newline[0]) : mode;
    }

    private static void rejectTextOptions(InjectionPoint point, Temp temp, String what) {
        if (temp == null) {
            return;
        }
        var set = new ArrayList<String>();
        if (!temp.charset().isEmpty()) {
            set.add("charset");
        }
        if (!temp.errors().isEmpty()) {
            set.add("errors");
        }
        if (temp.newline().length > 0) {
            set.add("newline");
        }
        if (!set.isEmpty()) {
            throw point.misuse(String.join(", ", set) + (set.size() == 1 ? " only applies" : " only apply")
                    + " to text mode (a <String> type argument), not to " + what);
        }
    }

    /** Finds the annotation on the element or its meta-annotations; fails if two say different things. */
    private static <A extends Annotation> A single(InjectionPoint point, Class<A> type) {
        var found = new ArrayList<A>();
        collect(point.element(), type, found, new HashSet<>());
        if (found.stream().distinct().count() > 1) {
            throw point.misuse("conflicting @" + type.getSimpleName() + " annotations: "
                    + found.stream().map(Annotation::toString).collect(Collectors.joining(", ")));
        }
        return found.isEmpty() ? null : found.get(0);
    }

    private static <A extends Annotation> void collect(AnnotatedElement element, Class<A> type, List<A> found,
            Set<Class<?>> visited) {
        A direct = element.getAnnotation(type);
        if (direct != null) {
            found.add(direct);
        }
        for (Annotation annotation : element.getAnnotations()) {
            Class<? extends Annotation> annotationType = annotation.annotationType();
            if (annotationType != type && !annotationType.getName().startsWith("java.lang.annotation")
                    && visited.add(annotationType)) {
                collect(annotationType, type, found, visited);
            }
        }
    }
}
