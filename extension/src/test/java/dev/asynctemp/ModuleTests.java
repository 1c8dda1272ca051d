package dev.asynctemp;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.ByteArrayOutputStream;
import java.io.File;
import java.io.PrintStream;
import java.lang.module.Configuration;
import java.lang.module.ModuleDescriptor;
import java.lang.module.ModuleFinder;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.stream.Collectors;
import java.util.stream.Stream;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The module descriptor, checked the way a modular user meets it: a module of their own is compiled
 * against {@code dev.asynctemp} on the module path and run in its own layer.
 */
@DisplayName("The dev.asynctemp module")
class ModuleTests {

    /** The library's own classes directory (an exploded module) and the jars it requires. */
    private static List<Path> modulePath() throws Exception {
        var path = new ArrayList<Path>();
        path.add(Path.of(AsyncTempfile.class.getProtectionDomain().getCodeSource().getLocation().toURI()));
        for (String entry : System.getProperty("java.class.path").split(File.pathSeparator)) {
            String name = Path.of(entry).getFileName().toString();
            if (name.matches("(junit-jupiter-api|junit-platform-(commons|engine|launcher)|opentest4j|apiguardian-api"
                    + "|awaitility|hamcrest|jspecify)-[\\d.]+(-[\\w]+)?\\.jar")) {
                path.add(Path.of(entry));
            }
        }
        return path;
    }

    @Test
    @DisplayName("exports the API and the JUnit package, hides the internals, provides its services")
    void descriptor() throws Exception {
        ModuleDescriptor descriptor = ModuleFinder.of(modulePath().get(0)).find("dev.asynctemp").orElseThrow()
                .descriptor();
        assertThat(descriptor.exports()).extracting(ModuleDescriptor.Exports::source)
                .containsExactlyInAnyOrder("dev.asynctemp", "dev.asynctemp.junit");
        assertThat(descriptor.packages()).contains("dev.asynctemp.internal");
        assertThat(descriptor.provides()).extracting(ModuleDescriptor.Provides::service).containsExactlyInAnyOrder(
                "org.junit.jupiter.api.extension.Extension", "org.junit.platform.launcher.TestExecutionListener");
    }

    @Test
    @DisplayName("a named module that requires dev.asynctemp compiles, resolves and runs; internals stay out of reach")
    void usedFromANamedModule(@TempDir Path work) throws Exception {
        Path source = work.resolve("src/com.example.user");
        Files.createDirectories(source.resolve("com/example/user"));
        Files.writeString(source.resolve("module-info.java"), "module com.example.user { requires dev.asynctemp; exports com.example.user; }");
        Files.writeString(source.resolve("com/example/user/Main.java"), """
                package com.example.user;

                import static dev.asynctemp.AsyncTempfile.*;
                import dev.asynctemp.*;

                public class Main {
                    public static String run() {
                        try (NamedTemporaryFile<String> f = namedTemporaryFile(Mode.TEXT).join()) {
                            f.write("from a named module").join();
                            f.seek(0).join();
                            return f.read().join();
                        }
                    }
                }
                """);
        String modulePath = modulePath().stream().map(Path::toString).collect(Collectors.joining(File.pathSeparator));
        Path out = work.resolve("out");
        assertThat(javac("--module-path", modulePath, "--module-source-path", work.resolve("src").toString(),
                "-d", out.toString(), "--module", "com.example.user")).isEmpty();

        var finder = ModuleFinder.of(Stream.concat(Stream.of(out.resolve("com.example.user")), modulePath().stream())
                .toArray(Path[]::new));
        Configuration configuration = ModuleLayer.boot().configuration()
                .resolve(finder, ModuleFinder.of(), Set.of("com.example.user"));
        ModuleLayer layer = ModuleLayer.boot().defineModulesWithOneLoader(configuration, ClassLoader.getPlatformClassLoader());
        Class<?> main = layer.findLoader("com.example.user").loadClass("com.example.user.Main");
        assertThat(main.getModule().isNamed()).isTrue();
        assertThat(main.getMethod("run").invoke(null)).isEqualTo("from a named module");

        Files.writeString(source.resolve("com/example/user/Main.java"), """
                package com.example.user;

                public class Main {
                    public static String run() {
                        return dev.asynctemp.internal.Names.next("", "");
                    }
                }
                """);
        assertThat(javac("--module-path", modulePath, "--module-source-path", work.resolve("src").toString(),
                "-d", work.resolve("out2").toString(), "--module", "com.example.user"))
                .contains("package dev.asynctemp.internal is not visible");
    }

    private static String javac(String... arguments) {
        var errors = new ByteArrayOutputStream();
        var stream = new PrintStream(errors, true, StandardCharsets.UTF_8);
        java.util.spi.ToolProvider.findFirst("javac").orElseThrow().run(stream, stream, arguments);
        return errors.toString(StandardCharsets.UTF_8);
    }
}
