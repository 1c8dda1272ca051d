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
import java.lang.reflect.Executable;
import java.lang.reflect.Parameter;
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
import org.junit.jupiter.api.extension.ParameterResolutionException;
import org.junit.jupiter.api.io.CleanupMode;

/**
 * What one injected parameter asks for, read from its type and annotations and checked; misuse
 * becomes a {@link ParameterResolutionException} that names the parameter and what is allowed.
 */
record ParameterSpec(Kind kind, Mode<?> mode, TempOptions options, CleanupMode cleanup, int maxSize,
        String description) {

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

    static boolean supports(ParameterContext context) {
        return Kind.of(context.getParameter().getType()) != null;
    }

    static ParameterSpec of(ParameterContext context) {
        Parameter parameter = context.getParameter();
        Kind kind = Kind.of(parameter.getType());
        String description = describe(context);
        Temp temp = single(parameter, Temp.class, description);
        Spooled spooled = single(parameter, Spooled.class, description);
        if (spooled != null && kind != Kind.SPOOLED) {
            throw misuse(description, "@Spooled applies to SpooledTemporaryFile parameters only");
        }
        Mode<?> mode = kind == Kind.DIRECTORY ? null : mode(genericType(context), kind, temp, description);
        if (kind == Kind.DIRECTORY || mode == Mode.BINARY) {
            rejectTextOptions(temp, description, kind == Kind.DIRECTORY ? "a directory" : "a binary file");
        }
        CleanupMode cleanup = temp == null ? CleanupMode.DEFAULT : temp.cleanup();
        if (!kind.keepable && cleanup != CleanupMode.DEFAULT && cleanup != CleanupMode.ALWAYS) {
            throw misuse(description, "cleanup = " + cleanup + " needs a name on disk to keep, which a "
                    + kind.type.getSimpleName() + " does not have; use ALWAYS, or a NamedTemporaryFile");
        }
        TempOptions options = TempOptions.defaults();
        if (temp != null) {
            try {
                options = options.withPrefix(temp.prefix()).withSuffix(temp.suffix());
            } catch (IllegalArgumentException | NullPointerException e) {
                throw misuse(description, e.getMessage());
            }
        }
        return new ParameterSpec(kind, mode, options, cleanup, spooled == null ? 0 : spooled.maxSize(), description);
    }

    /**
     * Returns the parameter's generic type. {@link Parameter#getParameterizedType()} loses it for
     * constructors of inner classes ({@code @Nested} tests), whose generic signature leaves out the
     * synthetic outer-instance parameter: align the two arrays from the end.
     */
    static Type genericType(ParameterContext context) {
        Executable executable = context.getDeclaringExecutable();
        Type[] generic = executable.getGenericParameterTypes();
        int shift = executable.getParameterCount() - generic.length;
        int index = context.getIndex() - shift;
        return index >= 0 && index < generic.length ? generic[index] : context.getParameter().getParameterizedType();
    }

    private static Mode<?> mode(Type type, Kind kind, Temp temp, String description) {
        if (type instanceof Class<?>) {
            return Mode.BINARY;
        }
        Type argument = type instanceof ParameterizedType generic ? generic.getActualTypeArguments()[0] : type;
        if (argument == byte[].class) {
            return Mode.BINARY;
        }
        if (argument == String.class) {
            return textMode(temp, description);
        }
        throw misuse(description, kind.type.getSimpleName() + "<" + simpleNames(argument) + "> is not supported; "
                + "declare " + kind.type.getSimpleName() + "<String> (text), " + kind.type.getSimpleName()
                + "<byte[]> (binary) or the raw type (binary)");
    }

    private static Mode.Text textMode(Temp temp, String description) {
        Mode.Text mode = Mode.TEXT;
        if (temp == null) {
            return mode;
        }
        if (!temp.charset().isEmpty()) {
            try {
                mode = mode.withCharset(Charset.forName(temp.charset()));
            } catch (IllegalCharsetNameException | UnsupportedCharsetException e) {
                throw misuse(description, "charset \"" + temp.charset() + "\" is not supported by this JVM");
            }
        }
        if (!temp.errors().isEmpty()) {
            mode = mode.withErrors(switch (temp.errors().toLowerCase(Locale.ROOT)) {
                case "strict" -> CodingErrorAction.REPORT;
                case "replace" -> CodingErrorAction.REPLACE;
                case "ignore" -> CodingErrorAction.IGNORE;
                default -> throw misuse(description, "errors = \"" + temp.errors()
                        + "\" is not one of \"strict\", \"replace\", \"ignore\"");
            });
        }
        Newline[] newline = temp.newline();
        if (newline.length > 1) {
            throw misuse(description, "newline takes one value, not " + Arrays.toString(newline));
        }
        return newline.length == 1 ? mode.withNewline(newline[0]) : mode;
    }

    private static void rejectTextOptions(Temp temp, String description, String what) {
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
            throw misuse(description, String.join(", ", set) + " only apply to text mode (a <String> type argument), "
                    + "not to " + what);
        }
    }

    /** Finds the annotation on the parameter or its meta-annotations; fails if two say different things. */
    private static <A extends Annotation> A single(Parameter parameter, Class<A> type, String description) {
        var found = new ArrayList<A>();
        collect(parameter, type, found, new HashSet<>());
        if (found.stream().distinct().count() > 1) {
            throw misuse(description, "conflicting @" + type.getSimpleName() + " annotations: "
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

    private static String describe(ParameterContext context) {
        Parameter parameter = context.getParameter();
        Executable executable = context.getDeclaringExecutable();
        String owner = executable.getDeclaringClass().getSimpleName();
        String where = executable instanceof java.lang.reflect.Constructor<?> ? "constructor " + owner
                : "method " + owner + "." + executable.getName();
        return "parameter [" + context.getIndex() + "] '" + parameter.getName() + "' ("
                + simpleNames(genericType(context)) + ") of " + where;
    }

    /** A type's name without package names: {@code TemporaryFile<Integer>}. */
    private static String simpleNames(Type type) {
        return type.getTypeName().replaceAll("[\\w$]+\\.", "");
    }

    private static ParameterResolutionException misuse(String description, String problem) {
        return new ParameterResolutionException("Cannot inject " + description + ": " + problem);
    }
}
