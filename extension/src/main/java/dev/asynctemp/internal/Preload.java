package dev.asynctemp.internal;

import java.io.IOException;
import java.net.URISyntaxException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.jar.JarFile;
import java.util.stream.Stream;

/**
 * Loads the core's classes once, up front, on the thread that first uses the library.
 *
 * <p>Why: a virtual thread blocked while loading a class pins its carrier. When many virtual
 * threads hit a class of the library for the first time at once, they can pin every carrier while
 * the thread that holds the loading lock waits for one of them, and the JVM deadlocks (seen on JDK
 * 25 creating 10,000 files at once, when the default executor used virtual threads; a user's
 * virtual-thread executor can still meet it). Loading the classes before any worker runs removes
 * the class loading from the workers' path. Only {@code dev.asynctemp} and {@code
 * dev.asynctemp.internal} are loaded: the core, which needs nothing but the JDK.
 */
final class Preload {

    private static final List<String> PACKAGES = List.of("dev/asynctemp/", "dev/asynctemp/internal/");

    private Preload() {
    }

    /** Loads the core's classes; returns how many, or 0 if the code source cannot be read. */
    static int coreClasses() {
        int loaded = 0;
        for (String name : classNames()) {
            try {
                Class.forName(name, false, Preload.class.getClassLoader());
                loaded++;
            } catch (ClassNotFoundException | LinkageError e) {
                // Not loadable here (or not ours): the worker will load it on demand, as before.
            }
        }
        return loaded;
    }

    static List<String> classNames() {
        var names = new ArrayList<String>();
        try {
            var source = Preload.class.getProtectionDomain().getCodeSource();
            if (source == null) {
                return names;
            }
            Path location = Path.of(source.getLocation().toURI());
            if (Files.isDirectory(location)) {
                for (String pkg : PACKAGES) {
                    Path dir = location.resolve(pkg);
                    if (Files.isDirectory(dir)) {
                        try (Stream<Path> files = Files.list(dir)) {
                            files.map(f -> f.getFileName().toString()).filter(f -> f.endsWith(".class"))
                                    .forEach(f -> names.add(toClassName(pkg + f)));
                        }
                    }
                }
            } else {
                try (var jar = new JarFile(location.toFile())) {
                    jar.stream().map(java.util.zip.ZipEntry::getName)
                            .filter(n -> n.endsWith(".class") && PACKAGES.stream().anyMatch(p -> n.startsWith(p)
                                    && n.indexOf('/', p.length()) < 0))
                            .forEach(n -> names.add(toClassName(n)));
                }
            }
        } catch (IOException | URISyntaxException | RuntimeException e) {
            // A code source we cannot read (a custom class loader): nothing to preload.
        }
        names.remove("module-info");
        names.removeIf(name -> name.endsWith("package-info"));
        return names;
    }

    private static String toClassName(String entry) {
        return entry.substring(0, entry.length() - ".class".length()).replace('/', '.');
    }
}
