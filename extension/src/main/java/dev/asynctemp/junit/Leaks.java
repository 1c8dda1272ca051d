package dev.asynctemp.junit;

import dev.asynctemp.AsyncTempfile;
import dev.asynctemp.internal.Artifact;
import dev.asynctemp.internal.Attribution;
import java.security.CodeSource;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.concurrent.ConcurrentHashMap;

/** Turns ledger artifacts into {@link LeakedArtifact}s, messages and JSON. */
final class Leaks {

    /** Report entry key of the human-readable leak report of one test or class. */
    static final String REPORT_KEY = "asynctemp.leak";

    private static final List<String> PLATFORM_PREFIXES = List.of("java.", "javax.", "jdk.", "sun.", "com.sun.",
            "org.junit.", "org.opentest4j.", "org.apiguardian.", "org.awaitility.", "org.apache.maven.surefire.");
    private static final CodeSource LIBRARY = AsyncTempfile.class.getProtectionDomain().getCodeSource();
    private static final Map<String, Boolean> IS_LIBRARY = new ConcurrentHashMap<>();

    private Leaks() {
    }

    static List<LeakedArtifact> describe(List<Artifact> artifacts) {
        return artifacts.stream().map(Leaks::describe).toList();
    }

    static LeakedArtifact describe(Artifact artifact) {
        Throwable site = artifact.site().stack();
        StackTraceElement createdAt = userFrame(site.getStackTrace());
        var stack = new Throwable(artifact + " was created here");
        stack.setStackTrace(site.getStackTrace());
        LeakedArtifact.Size size = artifact.size().map(measure -> new LeakedArtifact.Size(measure.value(),
                measure.entries() ? LeakedArtifact.Size.Unit.ENTRIES : LeakedArtifact.Size.Unit.BYTES)).orElse(null);
        Attribution attribution = artifact.attribution();
        return new LeakedArtifact(artifact.kind().words(), artifact.path().orElse(null), size, artifact.handleOpen(),
                artifact.closeOutcome().orElse(""), artifact.detail(), createdAt, stack, attribution.doubt(),
                attribution.candidates());
    }

    /** The first frame that belongs neither to asynctemp nor to the JDK, JUnit and their kin. */
    static StackTraceElement userFrame(StackTraceElement[] frames) {
        for (StackTraceElement frame : frames) {
            String name = frame.getClassName();
            if (PLATFORM_PREFIXES.stream().noneMatch(name::startsWith) && !isLibraryClass(name)) {
                return frame;
            }
        }
        return null;
    }

    private static boolean isLibraryClass(String name) {
        return IS_LIBRARY.computeIfAbsent(name, key -> {
            try {
                Class<?> type = Class.forName(key, false, AsyncTempfile.class.getClassLoader());
                CodeSource source = type.getProtectionDomain().getCodeSource();
                return source != null && LIBRARY != null && Objects.equals(source.getLocation(), LIBRARY.getLocation());
            } catch (ClassNotFoundException | LinkageError | SecurityException e) {
                return false;
            }
        });
    }

    /** Says {@code "1 test"} or {@code "3 tests"}: a count with the word that agrees with it. */
    static String count(long n, String one, String many) {
        return n + " " + (n == 1 ? one : many);
    }

    static String quote(String value) {
        var quoted = new StringBuilder("\"");
        for (char c : value.toCharArray()) {
            switch (c) {
                case '"' -> quoted.append("\\\"");
                case '\\' -> quoted.append("\\\\");
                case '\n' -> quoted.append("\\n");
                case '\r' -> quoted.append("\\r");
                case '\t' -> quoted.append("\\t");
                default -> {
                    if (c < 0x20) {
                        quoted.append(String.format("\\u%04x", (int) c));
                    } else {
                        quoted.append(c);
                    }
                }
            }
        }
        return quoted.append('"').toString();
    }
}
