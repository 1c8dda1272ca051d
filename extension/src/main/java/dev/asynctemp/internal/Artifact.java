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
    static final int MAX_COUNTED_ENTRIES = 100_000;

    private final Kind kind;
    private final Path path;
    private final Object handle;
    private final String detail;
    private final CreationSite site;

    Artifact(Kind kind, Path path, Object handle, String detail, CreationSite site) {
        this.kind = kind;
        this.path = path;
        this.handle = handle;
        this.detail = detail;
        this.site = site;
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
     * Describes how big it is: bytes for a file, entries for a directory.
     *
     * @return for example {@code "12 bytes"}, {@code "3 entries"}, or empty if it has no path left
     */
    public Optional<String> size() {
        if (path == null) {
            return Optional.empty();
        }
        try {
            var attrs = Files.readAttributes(path, BasicFileAttributes.class, LinkOption.NOFOLLOW_LINKS);
            if (!attrs.isDirectory()) {
                return Optional.of(attrs.size() + (attrs.size() == 1 ? " byte" : " bytes"));
            }
            try (Stream<Path> tree = Files.walk(path)) {
                long entries = tree.limit(MAX_COUNTED_ENTRIES + 1L).count() - 1;
                return Optional.of(entries >= MAX_COUNTED_ENTRIES ? "more than " + MAX_COUNTED_ENTRIES + " entries"
                        : entries + (entries == 1 ? " entry" : " entries"));
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
