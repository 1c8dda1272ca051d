package dev.asynctemp.junit;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;

/**
 * One temporary artifact left behind, as the leak detector reports it: by a test (in a
 * {@link TempFileLeakException}) or at run level (in the run's summary and report file).
 *
 * @param kind what was created, such as {@code "mkstemp file"} or {@code "NamedTemporaryFile"}; for what
 *     the code under test left in the temp root by other APIs, {@code "foreign file"} or
 *     {@code "foreign directory"}
 * @param path the absolute path, or {@code null} for an artifact without one (a
 *     {@code TemporaryFile} or an in-memory {@code SpooledTemporaryFile} never closed)
 * @param size how big it was at the verdict, or {@code null} if it has no path left
 * @param handleOpen whether its channel or file object is still open
 * @param closeOutcome how a close that was asked for ended, such as {@code "closed"},
 *     {@code "closing failed: ..."} or {@code "handle closed with closeHandle(), close() never called"};
 *     empty if nobody asked to close it
 * @param detail options worth mentioning, such as {@code "delete=false"}; empty if none
 * @param createdAt the frame in the test's own code that created it (the first frame outside
 *     asynctemp, the JDK and JUnit), or {@code null} if there is none
 * @param creationStack the whole stack of the creating call, captured on the calling thread
 * @param doubt for a run-level artifact, why no test was blamed (for example "created on a thread
 *     the test started while other tests ran"); empty for an artifact pinned on a test
 * @param candidates for a run-level artifact, the tests that could have created it; empty if none
 * @since 0.1.0
 */
public record LeakedArtifact(String kind, Path path, Size size, boolean handleOpen, String closeOutcome,
        String detail, StackTraceElement createdAt, Throwable creationStack, String doubt, List<String> candidates) {

    /**
     * How big a leaked artifact is.
     *
     * @param value the number of bytes of a file, or of entries inside a directory (counted
     *     without following links, up to {@value #MAX_ENTRIES})
     * @param unit what {@code value} counts
     * @since 0.1.0
     */
    public record Size(long value, Unit unit) {

        /** Entries counted inside a leaked directory at most; a larger one reports this many. */
        public static final long MAX_ENTRIES = 100_000;

        /** What a {@link Size} counts. */
        public enum Unit {
            /** Bytes of a file. */
            BYTES,
            /** Entries inside a directory, at any depth. */
            ENTRIES
        }

        /**
         * Checks the components.
         *
         * @param value zero or more
         * @param unit bytes or entries
         * @throws IllegalArgumentException if {@code value} is negative
         * @throws NullPointerException if {@code unit} is {@code null}
         */
        public Size {
            Objects.requireNonNull(unit, "unit must not be null");
            if (value < 0) {
                throw new IllegalArgumentException("value must not be negative, but was " + value);
            }
        }

        /**
         * Describes the size in words.
         *
         * @return for example {@code "1 byte"}, {@code "12 bytes"}, {@code "3 entries"} or
         *     {@code "at least 100000 entries"}
         */
        @Override
        public String toString() {
            if (unit == Unit.BYTES) {
                return value + (value == 1 ? " byte" : " bytes");
            }
            return (value >= MAX_ENTRIES ? "at least " : "") + value + (value == 1 ? " entry" : " entries");
        }
    }

    /**
     * Checks the components.
     *
     * @param kind what was created
     * @param path the path, or {@code null}
     * @param size the size, or {@code null}
     * @param handleOpen whether a handle is open
     * @param closeOutcome how a requested close ended; empty if none was requested
     * @param detail options worth mentioning
     * @param createdAt the creating frame, or {@code null}
     * @param creationStack the creating stack
     * @param doubt why no test was blamed; empty if one was
     * @param candidates the tests that could have created it
     * @throws NullPointerException if a component other than {@code path}, {@code size} or
     *     {@code createdAt} is {@code null}
     */
    public LeakedArtifact {
        Objects.requireNonNull(kind, "kind must not be null");
        Objects.requireNonNull(closeOutcome, "closeOutcome must not be null");
        Objects.requireNonNull(detail, "detail must not be null");
        Objects.requireNonNull(creationStack, "creationStack must not be null");
        Objects.requireNonNull(doubt, "doubt must not be null");
        candidates = List.copyOf(candidates);
    }

    /**
     * Says how to avoid this leak, from what is known about it: never asks for what was already
     * done (a file whose close was asked for is not told to close).
     *
     * @return one sentence
     */
    public String howToFix() {
        if (closeOutcome.startsWith("closing failed")) {
            return "find out why closing failed (see the cause above); the file could not be removed";
        }
        if (closeOutcome.startsWith("handle closed with closeHandle()")) {
            return "call close() as well: with deleteOnClose=false, closeHandle() keeps the file until close()";
        }
        boolean deleteFalse = detail.contains("delete=false");
        return switch (kind) {
            case "foreign file", "foreign directory" -> "have the code that makes it delete it when done (or make it "
                    + "in a TemporaryDirectory, or an injected one)";
            case "mkstemp file" -> handleOpen
                    ? "close its channel and delete its path when done (or let the extension inject a "
                            + "NamedTemporaryFile, which it removes)"
                    : "delete its path when done (or let the extension inject a NamedTemporaryFile, which it removes)";
            case "mkdtemp directory" -> "delete it when done (or use a TemporaryDirectory, or an injected one)";
            case "TemporaryDirectory" -> deleteFalse ? "delete it when done, or drop delete=false"
                    : "close it (try-with-resources) or call cleanup()";
            case "NamedTemporaryFile" -> deleteFalse && !handleOpen ? "delete it when done, or drop delete=false"
                    : deleteFalse ? "close it and delete it when done, or drop delete=false"
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
        var facts = new ArrayList<String>();
        if (!detail.isEmpty()) {
            facts.add(detail);
        }
        if (size != null) {
            facts.add(size.toString());
        }
        if (handleOpen) {
            facts.add(kind.startsWith("mkstemp") ? "channel still open" : "never closed");
        } else if (kind.startsWith("mkstemp")) {
            facts.add("channel closed");
        } else if (!closeOutcome.isEmpty()) {
            facts.add(closeOutcome);
        }
        if (path != null && !handleOpen) {
            facts.add("still on disk");
        }
        if (!facts.isEmpty()) {
            text.append(" (").append(String.join(", ", facts)).append(')');
        }
        if (kind.startsWith("foreign")) {
            text.append(", made by code outside asynctemp");
        } else {
            text.append(", created at ").append(createdAt == null ? "an unknown place" : createdAt);
        }
        if (!doubt.isEmpty()) {
            text.append("; not blamed on a test: ").append(doubt);
            if (!candidates.isEmpty()) {
                text.append(" (candidates: ").append(String.join(", ", candidates)).append(')');
            }
        }
        return text.toString();
    }
}
