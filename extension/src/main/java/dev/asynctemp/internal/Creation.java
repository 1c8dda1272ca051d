package dev.asynctemp.internal;

import java.io.IOException;
import java.nio.channels.FileChannel;
import java.nio.file.FileAlreadyExistsException;
import java.nio.file.FileSystems;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.OpenOption;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.nio.file.attribute.FileAttribute;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.Set;
import java.util.function.Supplier;

/**
 * Exclusive creation of temporary files and directories with owner-only permissions.
 *
 * <p>Files are opened with {@code CREATE_NEW} (O_CREAT|O_EXCL), which never follows a link at the
 * final name, and get 0600 in the same system call; directories get 0700 at {@code mkdir}. A name
 * that exists already is retried with fresh randomness up to {@link #MAX_ATTEMPTS} times.
 */
public final class Creation {

    /** How many names are tried before creation gives up. */
    public static final int MAX_ATTEMPTS = 100;

    private static final boolean POSIX = FileSystems.getDefault().supportedFileAttributeViews().contains("posix");

    private static final FileAttribute<?>[] FILE_ATTRS = POSIX
            ? new FileAttribute<?>[] {PosixFilePermissions.asFileAttribute(PosixFilePermissions.fromString("rw-------"))}
            : new FileAttribute<?>[0];

    private static final FileAttribute<?>[] DIR_ATTRS = POSIX
            ? new FileAttribute<?>[] {PosixFilePermissions.asFileAttribute(PosixFilePermissions.fromString("rwx------"))}
            : new FileAttribute<?>[0];

    private static final Set<OpenOption> FILE_OPTIONS = Set.of(StandardOpenOption.CREATE_NEW,
            StandardOpenOption.READ, StandardOpenOption.WRITE, LinkOption.NOFOLLOW_LINKS);

    private Creation() {
    }

    /** A newly created file: its open channel and absolute path. */
    public record CreatedFile(FileChannel channel, Path path) {
    }

    /** Tells whether the default file system has POSIX permissions. */
    public static boolean isPosix() {
        return POSIX;
    }

    /**
     * Creates a new file {@code dir/prefix+random+suffix}, open for reading and writing.
     *
     * @param dir the parent directory, absolute
     * @param prefix the validated prefix
     * @param suffix the validated suffix
     * @return the open channel and the path
     * @throws IOException if the directory is missing or not writable, or no free name was found
     */
    public static CreatedFile createFile(Path dir, String prefix, String suffix) throws IOException {
        return createFile(dir, () -> Names.next(prefix, suffix));
    }

    /** Creates a new file named by {@code names}, trying up to {@link #MAX_ATTEMPTS} of them. */
    static CreatedFile createFile(Path dir, Supplier<String> names) throws IOException {
        for (int attempt = 0; attempt < MAX_ATTEMPTS; attempt++) {
            Path path = dir.resolve(names.get());
            try {
                var created = new CreatedFile(FileChannel.open(path, FILE_OPTIONS, FILE_ATTRS), path);
                ForeignWatch.own(path);
                return created;
            } catch (FileAlreadyExistsException taken) {
                // Another name then; a link planted at this name also lands here and is never followed.
            }
        }
        throw exhausted(dir, "file");
    }

    /**
     * Creates a new directory {@code dir/prefix+random+suffix}.
     *
     * @param dir the parent directory, absolute
     * @param prefix the validated prefix
     * @param suffix the validated suffix
     * @return the new directory's path
     * @throws IOException if the parent is missing or not writable, or no free name was found
     */
    public static Path createDirectory(Path dir, String prefix, String suffix) throws IOException {
        return createDirectory(dir, () -> Names.next(prefix, suffix));
    }

    /** Creates a new directory named by {@code names}, trying up to {@link #MAX_ATTEMPTS} of them. */
    static Path createDirectory(Path dir, Supplier<String> names) throws IOException {
        for (int attempt = 0; attempt < MAX_ATTEMPTS; attempt++) {
            try {
                Path created = Files.createDirectory(dir.resolve(names.get()), DIR_ATTRS);
                ForeignWatch.own(created);
                return created;
            } catch (FileAlreadyExistsException taken) {
                // Another name then.
            }
        }
        throw exhausted(dir, "directory");
    }

    private static FileAlreadyExistsException exhausted(Path dir, String kind) {
        return new FileAlreadyExistsException(dir.toString(), null, "no free name for a temporary " + kind
                + " after " + MAX_ATTEMPTS + " attempts: every generated name already existed");
    }
}
