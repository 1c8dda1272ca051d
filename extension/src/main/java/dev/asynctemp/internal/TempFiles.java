package dev.asynctemp.internal;

import dev.asynctemp.Mode;
import dev.asynctemp.MkstempFile;
import dev.asynctemp.TempOptions;
import java.io.IOException;
import java.nio.channels.FileChannel;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.concurrent.Executor;

/**
 * The blocking creators behind {@code AsyncTempfile}; each runs on a worker thread and leaves
 * nothing behind when it fails: no file, no open channel.
 */
public final class TempFiles {

    private TempFiles() {
    }

    /**
     * Returns the directory to create in: {@code options.dir()} made absolute and normalised (as
     * Python's {@code os.path.abspath}, lexically: {@code .} and {@code ..} go, links stay), else
     * the temp root. Every creator returns this directory joined with the new name.
     *
     * @param options the options
     * @return an absolute, normalised directory path
     * @throws IOException if the temp root is not usable
     */
    public static Path directoryFor(TempOptions options) throws IOException {
        var dir = options.dir();
        return dir.isPresent() ? dir.get().toAbsolutePath().normalize() : TempRoot.resolve();
    }

    /**
     * Creates an anonymous temporary file: on POSIX its name is removed at once while the channel
     * stays open; elsewhere it is removed on close.
     *
     * @param mode the mode
     * @param options prefix, suffix, dir
     * @param executor where the file's operations will run
     * @param site where the caller is, or {@code null} to leave it untracked
     * @param <T> the element type
     * @return the open file
     * @throws IOException if creation fails; nothing is left behind
     */
    public static <T> AsyncFile<T> temporaryFile(Mode<T> mode, TempOptions options, Executor executor,
            CreationSite site) throws IOException {
        var file = anonymousFile(options);
        var store = new ChannelStore(file.channel());
        var made = new AsyncFile<>(mode, AsyncFile.opsFor(mode, store), new SerialQueue(executor), file.removeOnClose());
        Ledger.file(site, Artifact.Kind.TEMPORARY_FILE, made, file.removeOnClose(), "");
        return made;
    }

    /** An open file nobody else can find: its name is gone already (POSIX) or goes on close. */
    record AnonymousFile(FileChannel channel, Path removeOnClose) {

        /** Closes the channel and removes the name if it still exists, attaching failures to {@code cause}. */
        void discard(Throwable cause) {
            undo(channel, removeOnClose, cause);
        }
    }

    /** Creates a file and removes its name at once where the platform allows an open file without one. */
    static AnonymousFile anonymousFile(TempOptions options) throws IOException {
        var created = Creation.createFile(directoryFor(options), options.prefix(), options.suffix());
        try {
            if (Creation.isPosix()) {
                Files.delete(created.path());
                return new AnonymousFile(created.channel(), null);
            }
            return new AnonymousFile(created.channel(), created.path());
        } catch (IOException | RuntimeException | Error e) {
            undo(created.channel(), created.path(), e);
            throw e;
        }
    }

    /**
     * Creates a named temporary file.
     *
     * @param mode the mode
     * @param options prefix, suffix, dir, delete, deleteOnClose
     * @param executor where the file's operations will run
     * @param site where the caller is, or {@code null} to leave it untracked
     * @param <T> the element type
     * @return the open file
     * @throws IOException if creation fails; nothing is left behind
     */
    public static <T> NamedFile<T> namedTemporaryFile(Mode<T> mode, TempOptions options, Executor executor,
            CreationSite site) throws IOException {
        var created = Creation.createFile(directoryFor(options), options.prefix(), options.suffix());
        try {
            var store = new ChannelStore(created.channel());
            var made = new NamedFile<>(mode, AsyncFile.opsFor(mode, store), new SerialQueue(executor), created.path(),
                    options.delete(), options.deleteOnClose());
            Ledger.file(site, Artifact.Kind.NAMED_TEMPORARY_FILE, made, created.path(),
                    options.delete() ? "" : "delete=false");
            return made;
        } catch (RuntimeException | Error e) {
            undo(created.channel(), created.path(), e);
            throw e;
        }
    }

    /**
     * Creates a temporary directory.
     *
     * @param options prefix, suffix, dir, delete, ignoreCleanupErrors
     * @param executor where cleanup will run
     * @param site where the caller is, or {@code null} to leave it untracked
     * @return the directory
     * @throws IOException if creation fails
     */
    public static Directory temporaryDirectory(TempOptions options, Executor executor, CreationSite site)
            throws IOException {
        Path path = Creation.createDirectory(directoryFor(options), options.prefix(), options.suffix());
        var made = new Directory(path, options.delete(), options.ignoreCleanupErrors(), executor);
        Ledger.directory(site, made);
        return made;
    }

    /**
     * Creates a file and returns it open, as Python's {@code mkstemp}.
     *
     * @param options prefix, suffix, dir
     * @param site where the caller is, or {@code null} to leave it untracked
     * @return the channel and the path
     * @throws IOException if creation fails
     */
    public static MkstempFile mkstemp(TempOptions options, CreationSite site) throws IOException {
        var created = Creation.createFile(directoryFor(options), options.prefix(), options.suffix());
        var made = new MkstempFile(created.channel(), created.path());
        Ledger.mkstemp(site, made);
        return made;
    }

    /**
     * Creates a directory, as Python's {@code mkdtemp}.
     *
     * @param options prefix, suffix, dir
     * @param site where the caller is, or {@code null} to leave it untracked
     * @return the absolute path
     * @throws IOException if creation fails
     */
    public static Path mkdtemp(TempOptions options, CreationSite site) throws IOException {
        Path made = Creation.createDirectory(directoryFor(options), options.prefix(), options.suffix());
        Ledger.mkdtemp(site, made);
        return made;
    }

    /**
     * Creates a spooled file; touches no file system.
     *
     * @param maxSize the threshold
     * @param mode the mode
     * @param options prefix, suffix, dir for the rollover
     * @param executor where operations run after rollover
     * @param site where the caller is, or {@code null} to leave it untracked
     * @param <T> the element type
     * @return the file
     */
    public static <T> SpooledFile<T> spooledTemporaryFile(int maxSize, Mode<T> mode, TempOptions options,
            Executor executor, CreationSite site) {
        var made = SpooledFile.create(maxSize, mode, options, executor);
        Ledger.file(site, Artifact.Kind.SPOOLED_TEMPORARY_FILE, made, null, "maxSize=" + maxSize);
        return made;
    }

    /** Closes and removes a half-made file, keeping the original failure and attaching any new one. */
    private static void undo(FileChannel channel, Path path, Throwable failure) {
        try {
            channel.close();
        } catch (IOException e) {
            failure.addSuppressed(e);
        }
        if (path != null) {
            try {
                Files.deleteIfExists(path);
            } catch (IOException e) {
                failure.addSuppressed(e);
            }
        }
    }
}
