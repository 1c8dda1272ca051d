package dev.asynctemp.junit;

import java.lang.reflect.AnnotatedElement;
import java.lang.reflect.Constructor;
import java.lang.reflect.Executable;
import java.lang.reflect.Field;
import java.lang.reflect.Modifier;
import java.lang.reflect.Type;
import org.junit.jupiter.api.extension.ExtensionConfigurationException;
import org.junit.jupiter.api.extension.ParameterContext;
import org.junit.jupiter.api.extension.ParameterResolutionException;

/**
 * A parameter or a field the extension injects into: what {@link InjectionSpec} reads (its
 * annotations and its declared type), how messages name it, and which exception reports its
 * misuse: {@link ParameterResolutionException} for a parameter, as JUnit reports any parameter it
 * cannot resolve, and {@link ExtensionConfigurationException} for a field, as JUnit's
 * {@code @TempDir} does.
 *
 * @param element the parameter or field, for its annotations
 * @param type its erased type
 * @param genericType its declared type with type arguments
 * @param description how messages name it
 * @param field whether it is a field
 */
record InjectionPoint(AnnotatedElement element, Class<?> type, Type genericType, String description, boolean field) {

    static InjectionPoint of(ParameterContext context) {
        var parameter = context.getParameter();
        Type generic = genericType(context);
        Executable executable = context.getDeclaringExecutable();
        String owner = executable.getDeclaringClass().getSimpleName();
        String where = executable instanceof Constructor<?> ? "constructor " + owner
                : "method " + owner + "." + executable.getName();
        return new InjectionPoint(parameter, parameter.getType(), generic, "parameter [" + context.getIndex() + "] '"
                + parameter.getName() + "' (" + simpleNames(generic) + ") of " + where, false);
    }

    static InjectionPoint of(Field field) {
        String kind = Modifier.isStatic(field.getModifiers()) ? "static field '" : "field '";
        return new InjectionPoint(field, field.getType(), field.getGenericType(), kind + field.getName() + "' ("
                + simpleNames(field.getGenericType()) + ") of class " + field.getDeclaringClass().getSimpleName(), true);
    }

    /**
     * Returns the parameter's generic type. {@link java.lang.reflect.Parameter#getParameterizedType()}
     * loses it for constructors of inner classes ({@code @Nested} tests), whose generic signature
     * leaves out the synthetic outer-instance parameter: align the two arrays from the end.
     */
    private static Type genericType(ParameterContext context) {
        Executable executable = context.getDeclaringExecutable();
        Type[] generic = executable.getGenericParameterTypes();
        int shift = executable.getParameterCount() - generic.length;
        int index = context.getIndex() - shift;
        return index >= 0 && index < generic.length ? generic[index] : context.getParameter().getParameterizedType();
    }

    /** A type's name without package names: {@code TemporaryFile<Integer>}. */
    static String simpleNames(Type type) {
        return type.getTypeName().replaceAll("[\\w$]+\\.", "");
    }

    /** The exception for misuse of this point: it names the point and says what went wrong. */
    RuntimeException misuse(String problem) {
        String message = message(problem);
        return field ? new ExtensionConfigurationException(message) : new ParameterResolutionException(message);
    }

    /** The exception for a failure to inject into this point, with its cause (JUnit 6 refuses a null one). */
    RuntimeException failure(String problem, Throwable cause) {
        String message = message(problem);
        return field ? new ExtensionConfigurationException(message, cause)
                : new ParameterResolutionException(message, cause);
    }

    private String message(String problem) {
        return "Cannot inject " + description + ": " + problem;
    }
}
