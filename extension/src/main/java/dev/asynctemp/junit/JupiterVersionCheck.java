package dev.asynctemp.junit;

import java.lang.module.ModuleDescriptor;
import java.util.Optional;
import org.junit.jupiter.api.extension.ExtensionConfigurationException;
import org.junit.jupiter.api.extension.ExtensionContext;

/**
 * Stops the extension at once, with the fix in the message, when the JUnit Jupiter it runs on is
 * older than 5.12. asynctemp brings no JUnit of its own (the user's build supplies it), so nothing
 * else keeps an old one out, and on 5.11 the extension would seem to work while constructor
 * parameters silently lived for the whole class: the API that gives them the test's context is
 * new in 5.12. The check looks for that API rather than parsing a version, which a repackaged
 * JUnit may not carry; the version only goes into the message.
 */
final class JupiterVersionCheck {

    static final String MINIMUM = "5.12";

    /** The newest JUnit Jupiter API the extension relies on, added in {@value #MINIMUM}. */
    static final String NEWEST_API_USED =
            "org.junit.jupiter.api.extension.TestInstantiationAwareExtension$ExtensionContextScope";

    private JupiterVersionCheck() {
    }

    /**
     * Checks the JUnit Jupiter API this extension was linked against.
     *
     * @throws ExtensionConfigurationException if it is older than {@value #MINIMUM}
     */
    static void requireSupported() {
        requireSupported(ExtensionContext.class);
    }

    /**
     * Checks the JUnit Jupiter API that {@code jupiterApi}, one of its types, comes from.
     *
     * @throws ExtensionConfigurationException if it is older than {@value #MINIMUM}
     */
    static void requireSupported(Class<?> jupiterApi) {
        try {
            Class.forName(NEWEST_API_USED, false, jupiterApi.getClassLoader());
        } catch (ClassNotFoundException e) {
            throw new ExtensionConfigurationException("asynctemp needs JUnit Jupiter " + MINIMUM + " or newer; found "
                    + versionOf(jupiterApi).orElse("an older one") + ". Upgrade junit-jupiter (or the junit-bom your "
                    + "build imports) to " + MINIMUM + " or newer.", e);
        }
    }

    /** The version of the jar or module {@code type} comes from, if it says. */
    private static Optional<String> versionOf(Class<?> type) {
        return Optional.ofNullable(type.getModule().getDescriptor()).flatMap(ModuleDescriptor::rawVersion)
                .or(() -> Optional.ofNullable(type.getPackage().getImplementationVersion()));
    }
}
