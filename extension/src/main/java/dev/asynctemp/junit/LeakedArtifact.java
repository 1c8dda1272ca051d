package dev.asynctemp.junit;

import java.nio.file.Path;
import java.util.Objects;

/**
 * One temporary artifact a test left behind, as the leak detector reports it.
 *
 * @param kind what was created, such as {@code "mkstemp file"} or {@code "NamedTemporaryFile"}
 * @param path the absolute path, or {@code null} for an artifact without one (a
 *     {@code TemporaryFile} or an in-memory {@code SpooledTemporaryFile} never closed)
 * @param size bytes of a file or entries of a directory, such as {@code "12 bytes"}, or
 *     {@code null} if it has no path left
 * @param handleOpen whether its channel or file object is still open
 * @param detail options worth mentioning, such as {@code "delete=false"}; empty if none
 * @param createdAt the frame in the test's own code that created it (the first frame outside
 *     asynctemp, the JDK and JUnit), or {@code null} if there is none
 * @param creationStack the whole stack of the creating call, captured on the calling thread
 * @since 0.1.0
 */
public record LeakedArtifact(String kind, Path path, String size, boolean handleOpen, String detail,
        StackTraceElement createdAt, Throwable creationStack) {

    /**
     * Checks the components.
     *
     * @param kind what was created
     * @param path the path, or {@code null}
     * @param size the size, or {@code null}
     * @param handleOpen whether a handle is open
     * @param detail options worth mentioning
     * @param createdAt the creating frame, or {@code null}
     * @param creationStack the creating stack
     * @throws NullPointerException if {@code kind}, {@code detail} or {@code creationStack} is {@code null}
     */
    public LeakedArtifact {
        Objects.requireNonNull(kind, "kind must not be null");
        Objects.requireNonNull(detail, "detail must not be null");
        Objects.requireNonNull(creationStack, "creationStack must not be null");
    }

    /**
     * Says how to avoid this kind of leak, for the report.
     *
     * @return one sentence
     */
    public String howToFix() {
        return switch (kind) {
            case "mkstemp file" -> "close its channel and delete its path when done (or let the extension inject a "
                    + "NamedTemporaryFile, which it removes)";
            case "mkdtemp directory" -> "delete it when done (or use a TemporaryDirectory, or an injected one)";
            case "TemporaryDirectory" -> detail.contains("delete=false") ? "delete it when done, or drop delete=false"
                    : "close it (try-with-resources) or call cleanup()";
            case "NamedTemporaryFile" -> detail.contains("delete=false") ? "delete it when done, or drop delete=false"
                    : "close it (try-with-resources)";
            default -> "close it (try-with-resources)";
        };
    }

    /**
     * Describes the artifact on one line, as the leak report shows it.
     *
     * @return for example {@code "mkstemp file /tmp/tmpx1 (12 bytes, channel still open), created at
     *     FooTests.leaks(FooTests.java:42)"}
     */
    public String describe() {
        var text = new StringBuilder(kind);
        if (path != null) {
            text.append(' ').append(path);
        }
        var facts = new java.util.ArrayList<String>();
        if (!detail.isEmpty()) {
            facts.add(detail);
        }
        if (size != null) {
            facts.add(size);
        }
        if (handleOpen) {
            facts.add(kind.startsWith("mkstemp") ? "channel still open" : "never closed");
        } else if (path != null) {
            facts.add(kind.endsWith("file") || kind.endsWith("File") ? "closed, still on disk" : "still on disk");
        }
        if (!facts.isEmpty()) {
            text.append(" (").append(String.join(", ", facts)).append(')');
        }
        return text.append(", created at ").append(createdAt == null ? "an unknown place" : createdAt).toString();
    }
}
