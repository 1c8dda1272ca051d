package dev.asynctemp.junit;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatCode;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.asynctemp.TemporaryDirectory;
import java.io.IOException;
import java.io.InputStream;
import java.net.URL;
import java.net.URLClassLoader;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Optional;
import java.util.jar.Attributes;
import java.util.jar.JarEntry;
import java.util.jar.JarOutputStream;
import java.util.jar.Manifest;
import org.assertj.core.api.ThrowableAssert.ThrowingCallable;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtensionConfigurationException;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.extension.ExtensionContext;
import org.junit.jupiter.api.io.TempDir;
import org.junit.platform.testkit.engine.EngineExecutionResults;

/**
 * An older JUnit Jupiter is refused when the extension is created, with a message naming the fix.
 * The older Jupiter is played by a jar holding the Jupiter API types the check looks at, loaded on
 * its own class loader; a real 5.11 is refused in `.ci/run`'s consumer leg.
 */
@DisplayName("The JUnit Jupiter version check")
class JupiterVersionCheckTests {

    @Test
    @DisplayName("lets the Jupiter these tests run on through, as the extension is created")
    void currentJupiter() {
        assertThatCode(JupiterVersionCheck::requireSupported).doesNotThrowAnyException();
        EngineExecutionResults results = Kit.run(UsesTheExtensionTestCase.class);
        assertThat(results.testEvents().succeeded().count()).as(Kit.failures(results)).isEqualTo(1);
    }

    @Test
    @DisplayName("refuses a Jupiter without the 5.12 API, naming the version found and the fix")
    void olderJupiter(@TempDir Path dir) throws Exception {
        assertThatThrownBy(checkAgainst(jupiterApiJar(dir, Optional.of("5.11.4"), false)))
                .isInstanceOf(ExtensionConfigurationException.class)
                .hasMessage("asynctemp needs JUnit Jupiter 5.12 or newer; found 5.11.4. Upgrade junit-jupiter "
                        + "(or the junit-bom your build imports) to 5.12 or newer.")
                .hasCauseInstanceOf(ClassNotFoundException.class);
    }

    @Test
    @DisplayName("refuses an older Jupiter that states no version too")
    void olderJupiterWithoutVersion(@TempDir Path dir) throws Exception {
        assertThatThrownBy(checkAgainst(jupiterApiJar(dir, Optional.empty(), false)))
                .hasMessageStartingWith("asynctemp needs JUnit Jupiter 5.12 or newer; found an older one. ");
    }

    @Test
    @DisplayName("goes by the API present, not by the version a jar states")
    void apiDecides(@TempDir Path dir) throws Exception {
        assertThatCode(checkAgainst(jupiterApiJar(dir, Optional.of("5.11.4"), true))).doesNotThrowAnyException();
    }

    /** Runs the check on the Jupiter API of {@code jar}, loaded on a class loader of its own. */
    private static ThrowingCallable checkAgainst(Path jar) {
        return () -> {
            try (var loader = new URLClassLoader(new URL[] {jar.toUri().toURL()}, ClassLoader.getPlatformClassLoader())) {
                JupiterVersionCheck.requireSupported(loader.loadClass(ExtensionContext.class.getName()));
            }
        };
    }

    /**
     * A jar of Jupiter API types as the check sees them: {@code ExtensionContext}, the 5.12 type
     * only if {@code with512Api}, and {@code version} as its manifest's implementation version.
     */
    private static Path jupiterApiJar(Path dir, Optional<String> version, boolean with512Api) throws IOException {
        var manifest = new Manifest();
        manifest.getMainAttributes().put(Attributes.Name.MANIFEST_VERSION, "1.0");
        version.ifPresent(v -> manifest.getMainAttributes().put(Attributes.Name.IMPLEMENTATION_VERSION, v));
        Path jar = dir.resolve("junit-jupiter-api.jar");
        try (var out = new JarOutputStream(Files.newOutputStream(jar), manifest)) {
            copyClass(ExtensionContext.class.getName(), out);
            if (with512Api) {
                copyClass(JupiterVersionCheck.NEWEST_API_USED, out);
            }
        }
        return jar;
    }

    private static void copyClass(String name, JarOutputStream jar) throws IOException {
        String entry = name.replace('.', '/') + ".class";
        jar.putNextEntry(new JarEntry(entry));
        try (InputStream in = ExtensionContext.class.getClassLoader().getResourceAsStream(entry)) {
            in.transferTo(jar);
        }
        jar.closeEntry();
    }

    @ExtendWith(AsyncTempExtension.class)
    static class UsesTheExtensionTestCase {
        @Test
        void runs(TemporaryDirectory dir) {
            assertThat(dir.path()).isDirectory();
        }
    }
}
