package dev.asynctemp.internal;

import java.io.IOException;
import java.nio.channels.Channel;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.nio.file.attribute.BasicFileAttributes;
import java.util.List;
import java.util.Optional;
import java.util.stream.Stream;

/**
 * Something the library made that somebody has to clean up: a file or directory that must be
 * removed by hand, or a file object that must be closed. Recorded in the {@link Scope} it was
 * created in; checked when the scope ends.
 *
 * <p>The rule is the same for every kind: it has leaked if its path still exists or its handle is
 * still open. Checking costs one {@code lstat} per artifact, whatever else the directory holds.
 */
public final class Artifact {

    /** What was created, in words for reports. */
    public enum Kind {
        /** A file from {@code mkstemp}, with its channel. */
        MKSTEMP_FILE("mkstemp file"),
        /** A directory from {@code mkdtemp}. */
        MKDTEMP_DIRECTORY("mkdtemp directory"),
        /** A {@code TemporaryFile}. */
        TEMPORARY_FILE("TemporaryFile"),
        /** A {@code NamedTemporaryFile}. */
        NAMED_TEMPORARY_FILE("NamedTemporaryFile"),
        /** A {@code SpooledTemporaryFile}. */
        SPOOLED_TEMPORARY_FILE("SpooledTemporaryFile"),
        /** A {@code TemporaryDirectory}. */
        TEMPORARY_DIRECTORY("TemporaryDirectory");

        private final String words;

        Kind(String words) {
            this.words = words;
        }

        /** Returns the kind as a reader would name it. */
        public String words() {
            return words;
        }
    }

    /** Entries counted in a leaked directory before giving up counting. */
    public static final int MAX_COUNTED_ENTRIES = 100_000;

    private final Kind kind;
    private final Path path;
    private final Object handle;
    private final String detail;
    private final CreationSite site;
    private volatile Attribution attribution;
    private volatile boolean reported;

    Artifact(Kind kind, Path path, Object handle, String detail, CreationSite site) {
        this.kind = kind;
        this.path = path;
        this.handle = handle;
        this.detail = detail;
        this.site = site;
        this.attribution = site.attribution();
    }

    /** Returns the kind. */
    public Kind kind() {
        return kind;
    }

    /** Returns the absolute path, if the artifact has one on disk. */
    public Optional<Path> path() {
        return Optional.ofNullable(path);
    }

    /** Returns options worth mentioning, such as {@code delete=false}; empty if none. */
    public String detail() {
        return detail;
    }

    /** Returns where it was created. */
    public CreationSite site() {
        return site;
    }

    /** Marks it as reported by a run's account, so that a wider listener does not report it again. */
    public void markReported() {
        reported = true;
    }

    /** Tells whether a run's account has reported it already. */
    public boolean isReported() {
        return reported;
    }

    /** Returns who it belongs to: for a run-level artifact, why no test was blamed, and the candidates. */
    public Attribution attribution() {
        return attribution;
    }

    void attribution(Attribution attribution) {
        this.attribution = attribution;
    }

    /**
     * Tells whether cleanup that somebody asked for is still running: a close of a file object, or a
     * directory's cleanup. The leak detector awaits it before a verdict.
     */
    public boolean cleanupInFlight() {
        if (handle instanceof AsyncFile<?> file) {
            return file.closing();
        }
        return handle instanceof Directory directory && directory.cleaningUp();
    }

    /**
     * Describes the state of the handle for the report, when closing it was asked for: empty if
     * nobody asked, else for example {@code "closed"} or {@code "closing failed: ..."}.
     */
    public java.util.Optional<String> closeOutcome() {
        if (handle instanceof AsyncFile<?> file) {
            return file.closeOutcome();
        }
        return java.util.Optional.empty();
    }

    /** Tells whether the handle (channel or file object) is still open. */
    public boolean handleOpen() {
        if (handle instanceof Channel channel) {
            return channel.isOpen();
        }
        if (handle instanceof AsyncFile<?> file) {
            return !file.isClosed();
        }
        return false;
    }

    /** Tells whether the path still exists, without following a link. */
    public boolean exists() {
        return path != null && Files.exists(path, LinkOption.NOFOLLOW_LINKS);
    }

    /**
     * Keeps the leaked artifacts of a snapshot, checked outside any lock (each check is a system call).
     *
     * @param snapshot a copy, taken under its owner's lock
     * @return the same list, holding only what leaked
     */
    static List<Artifact> leakedAmong(List<Artifact> snapshot) {
        snapshot.removeIf(artifact -> !artifact.leaked());
        return snapshot;
    }

    /** Tells whether it has leaked: its path still exists or its handle is still open. */
    public boolean leaked() {
        return handleOpen() || exists();
    }

    /**
     * How big an artifact is: bytes of a file, or entries inside a directory.
     *
     * @param value the count, at most {@link #MAX_COUNTED_ENTRIES} for entries
     * @param entries whether it counts entries of a directory rather than bytes
     */
    public record Measure(long value, boolean entries) {
    }

    /**
     * Measures it without following links: bytes for a file, entries for a directory (counting
     * stops at {@link #MAX_COUNTED_ENTRIES}).
     *
     * @return the measure, or empty if it has no path left
     */
    public Optional<Measure> size() {
        return path == null ? Optional.empty() : measure(path);
    }

    /**
     * Measures {@code path} without following links: bytes for a file, entries for a directory
     * (counting stops at {@link #MAX_COUNTED_ENTRIES}).
     *
     * @param path the path
     * @return the measure, or empty if it is gone or unreadable
     */
    public static Optional<Measure> measure(Path path) {
        try {
            var attrs = Files.readAttributes(path, BasicFileAttributes.class, LinkOption.NOFOLLOW_LINKS);
            if (!attrs.isDirectory()) {
                return Optional.of(new Measure(attrs.size(), false));
            }
            try (Stream<Path> tree = Files.walk(path)) {
                return Optional.of(new Measure(tree.limit(MAX_COUNTED_ENTRIES + 1L).count() - 1, true));
            }
        } catch (IOException | RuntimeException e) {
            return Optional.empty();
        }
    }

    /**
     * Closes the handle and removes the path, securely.
     *
     * @throws IOException naming what could not be closed or removed
     */
    public void remove() throws IOException {
        IOException failure = null;
        try {
            if (handle instanceof Channel channel) {
                channel.close();
            } else if (handle instanceof AsyncFile<?> file) {
                file.abandon();
            }
        } catch (IOException e) {
            failure = e;
        }
        if (path != null) {
            DeletionResult result = SecureDeletion.delete(path);
            try {
                result.throwIfFailed();
            } catch (IOException e) {
                failure = Futures.firstOf(failure, e);
            }
        }
        if (failure != null) {
            throw failure;
        }
    }

    @Override
    public String toString() {
        return kind.words() + (path == null ? "" : " " + path);
    }
}
