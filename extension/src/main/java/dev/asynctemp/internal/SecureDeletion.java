package dev.asynctemp.internal;

import java.io.IOException;
import java.nio.file.AccessDeniedException;
import java.nio.file.DirectoryIteratorException;
import java.nio.file.DirectoryNotEmptyException;
import java.nio.file.DirectoryStream;
import java.nio.file.FileSystemException;
import java.nio.file.FileVisitResult;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.SecureDirectoryStream;
import java.nio.file.SimpleFileVisitor;
import java.nio.file.attribute.BasicFileAttributeView;
import java.nio.file.attribute.BasicFileAttributes;
import java.nio.file.attribute.DosFileAttributeView;
import java.nio.file.attribute.PosixFileAttributeView;
import java.nio.file.attribute.PosixFileAttributes;
import java.nio.file.attribute.PosixFilePermission;
import java.util.EnumSet;
import java.util.Objects;
import java.util.Set;

/**
 * Removes a file or a directory tree without ever acting outside it.
 *
 * <ul>
 *   <li>Symbolic links (and Windows junctions) are removed themselves, never followed.</li>
 *   <li>Where the platform has a {@link SecureDirectoryStream} (Linux), every step is relative to an
 *       open directory and opens the next one with {@code O_NOFOLLOW}: replacing a directory by a
 *       link mid-walk cannot send the walk elsewhere.</li>
 *   <li>A directory the owner cannot list or change (modes such as 0500 or 0000) is reset to 0700
 *       first, only when it is a real directory inside the tree. The reset goes through a handle
 *       opened with {@code O_NOFOLLOW}; only when the directory cannot even be opened (mode 0000
 *       for a non-root user) does it fall back to a path, after checking that the path still names
 *       the very directory (same file key) that was seen without following links.</li>
 *   <li>It never stops at the first failure: every path that could not be removed is collected in
 *       the {@link DeletionResult}.</li>
 *   <li>A directory that refills while being emptied (a writer still running) is emptied again,
 *       up to {@link #RESCANS} times, before its removal counts as failed.</li>
 * </ul>
 */
public final class SecureDeletion {

    /** How often a directory that refills while being emptied (a writer still running) is rescanned. */
    static final int RESCANS = 10;

    private static final Set<PosixFilePermission> OWNER_ALL = EnumSet.of(PosixFilePermission.OWNER_READ,
            PosixFilePermission.OWNER_WRITE, PosixFilePermission.OWNER_EXECUTE);

    /** How a directory tree is walked. */
    enum Walk {
        /** Relative to open directories where the platform has {@link SecureDirectoryStream}, else by path. */
        SECURE_WHERE_AVAILABLE,
        /**
         * By path, as on platforms without {@link SecureDirectoryStream} (macOS, Windows): lets tests
         * hold that walk to the same guarantees on any platform.
         */
        BY_PATH
    }

    private SecureDeletion() {
    }

    /**
     * Removes {@code root} and, if it is a directory, everything in it. A missing root is success.
     *
     * @param root the file, link or directory to remove
     * @return the outcome; never throws for I/O failures
     */
    public static DeletionResult delete(Path root) {
        return delete(root, Walk.SECURE_WHERE_AVAILABLE);
    }

    /** Removes {@code root} as {@link #delete(Path)} does, walking a directory tree the way {@code walk} says. */
    static DeletionResult delete(Path root, Walk walk) {
        Path absolute = root.toAbsolutePath();
        var result = new DeletionResult(absolute);
        BasicFileAttributes attrs;
        try {
            attrs = Files.readAttributes(absolute, BasicFileAttributes.class, LinkOption.NOFOLLOW_LINKS);
        } catch (NoSuchFileException gone) {
            return result;
        } catch (IOException e) {
            result.fail(absolute, e);
            return result;
        }
        if (!attrs.isDirectory() || absolute.getParent() == null) {
            deletePlain(absolute, result);
            return result;
        }
        try (DirectoryStream<Path> parent = Files.newDirectoryStream(absolute.getParent())) {
            if (walk == Walk.SECURE_WHERE_AVAILABLE && parent instanceof SecureDirectoryStream<Path> secure) {
                deleteEntry(secure, absolute.getFileName(), absolute, result);
            } else {
                deleteByWalk(absolute, result);
            }
        } catch (IOException e) {
            // The parent cannot be opened (for example it is not readable): walk by path.
            deleteByWalk(absolute, result);
        }
        return result;
    }

    private static void deleteEntry(SecureDirectoryStream<Path> parent, Path name, Path fullPath,
            DeletionResult result) {
        BasicFileAttributes attrs;
        try {
            attrs = readAttributes(parent, name);
        } catch (NoSuchFileException gone) {
            return;
        } catch (IOException e) {
            result.fail(fullPath, e);
            return;
        }
        if (!attrs.isDirectory()) {
            try {
                parent.deleteFile(name);
            } catch (NoSuchFileException gone) {
                // Removed by someone else meanwhile: that is what we wanted.
            } catch (IOException e) {
                result.fail(fullPath, e);
            }
            return;
        }
        int failuresBefore = result.failureCount();
        for (int pass = 0; pass <= RESCANS; pass++) {
            try {
                if (pass == 0) {
                    makeOwnerAccessible(parent, name, fullPath, attrs);
                }
                try (SecureDirectoryStream<Path> dir = parent.newDirectoryStream(name, LinkOption.NOFOLLOW_LINKS)) {
                    for (Path child : dir) {
                        Path childName = child.getFileName();
                        deleteEntry(dir, childName, fullPath.resolve(childName), result);
                    }
                }
            } catch (DirectoryIteratorException e) {
                result.fail(fullPath, e.getCause());
                return;
            } catch (NoSuchFileException gone) {
                return;
            } catch (IOException e) {
                result.fail(fullPath, e);
                return;
            }
            if (result.failureCount() > failuresBefore) {
                // Its children are named already; a line for the directory itself would add nothing.
                return;
            }
            try {
                parent.deleteDirectory(name);
                return;
            } catch (NoSuchFileException gone) {
                return;
            } catch (DirectoryNotEmptyException refilled) {
                if (pass == RESCANS) {
                    result.fail(fullPath, refilled);
                }
                // Someone is still writing into it: empty it again.
            } catch (IOException e) {
                result.fail(fullPath, e);
                return;
            }
        }
    }

    private static BasicFileAttributes readAttributes(SecureDirectoryStream<Path> parent, Path name)
            throws IOException {
        var posix = parent.getFileAttributeView(name, PosixFileAttributeView.class, LinkOption.NOFOLLOW_LINKS);
        if (posix != null) {
            return posix.readAttributes();
        }
        return parent.getFileAttributeView(name, BasicFileAttributeView.class, LinkOption.NOFOLLOW_LINKS)
                .readAttributes();
    }

    private static void makeOwnerAccessible(SecureDirectoryStream<Path> parent, Path name, Path fullPath,
            BasicFileAttributes attrs) throws IOException {
        if (!(attrs instanceof PosixFileAttributes posix) || posix.permissions().containsAll(OWNER_ALL)) {
            return;
        }
        var permissions = withOwnerAll(posix);
        try {
            parent.getFileAttributeView(name, PosixFileAttributeView.class, LinkOption.NOFOLLOW_LINKS)
                    .setPermissions(permissions);
        } catch (FileSystemException cannotOpen) {
            setByPathIfUnchanged(fullPath, posix, permissions);
        }
    }

    /**
     * The walk's counterpart: gives the owner rwx on {@code dir} if, seen without following links,
     * it is a real directory that lacks them.
     *
     * @return whether its mode was changed
     */
    private static boolean makeOwnerAccessible(Path dir) throws IOException {
        var view = Files.getFileAttributeView(dir, PosixFileAttributeView.class, LinkOption.NOFOLLOW_LINKS);
        if (view == null) {
            return false; // Windows: read-only is a DOS attribute, see makeWritable
        }
        PosixFileAttributes posix = view.readAttributes();
        if (!posix.isDirectory() || posix.permissions().containsAll(OWNER_ALL)) {
            return false;
        }
        var permissions = withOwnerAll(posix);
        try {
            view.setPermissions(permissions);
        } catch (FileSystemException cannotOpen) {
            setByPathIfUnchanged(dir, posix, permissions);
        }
        return true;
    }

    private static Set<PosixFilePermission> withOwnerAll(PosixFileAttributes posix) {
        var permissions = EnumSet.noneOf(PosixFilePermission.class);
        permissions.addAll(posix.permissions());
        permissions.addAll(OWNER_ALL);
        return permissions;
    }

    /**
     * Mode 0000: not even a no-follow handle can be opened. Use the path, but only if it still
     * leads to the directory inspected without following links.
     */
    private static void setByPathIfUnchanged(Path path, PosixFileAttributes seen, Set<PosixFilePermission> permissions)
            throws IOException {
        PosixFileAttributes viaPath = Files.readAttributes(path, PosixFileAttributes.class);
        if (!viaPath.isDirectory() || !Objects.equals(viaPath.fileKey(), seen.fileKey())) {
            throw new FileSystemException(path.toString(), null,
                    "changed while being deleted; its permissions were left alone");
        }
        Files.setPosixFilePermissions(path, permissions);
    }

    private static void deletePlain(Path path, DeletionResult result) {
        try {
            Files.deleteIfExists(path);
        } catch (IOException e) {
            result.fail(path, e);
        }
    }

    /**
     * Fallback for platforms without {@link SecureDirectoryStream}: a walk that never follows links
     * and, like the walk relative to open directories, gives the owner rwx on real directories
     * inside the tree that lack them.
     */
    private static void deleteByWalk(Path root, DeletionResult result) {
        try {
            Files.walkFileTree(root, new SimpleFileVisitor<>() {
                @Override
                public FileVisitResult preVisitDirectory(Path dir, BasicFileAttributes attrs) {
                    if (attrs.isOther() || attrs.isSymbolicLink()) {
                        // A junction on Windows: remove the link, not what it points to.
                        deletePlain(dir, result);
                        return FileVisitResult.SKIP_SUBTREE;
                    }
                    makeWritable(dir);
                    try {
                        // Listed already (the walk opens a directory before visiting it), but its
                        // entries cannot be removed while it is read-only.
                        makeOwnerAccessible(dir);
                    } catch (IOException e) {
                        result.fail(dir, e);
                        return FileVisitResult.SKIP_SUBTREE;
                    }
                    return FileVisitResult.CONTINUE;
                }

                @Override
                public FileVisitResult visitFile(Path file, BasicFileAttributes attrs) {
                    makeWritable(file);
                    deletePlain(file, result);
                    return FileVisitResult.CONTINUE;
                }

                @Override
                public FileVisitResult visitFileFailed(Path file, IOException e) {
                    if (e instanceof NoSuchFileException) {
                        return FileVisitResult.CONTINUE;
                    }
                    if (e instanceof AccessDeniedException) {
                        // Perhaps a directory its owner cannot list (0000): reset it, walk it afresh.
                        try {
                            if (makeOwnerAccessible(file)) {
                                deleteByWalk(file, result);
                                return FileVisitResult.CONTINUE;
                            }
                        } catch (IOException resetFailed) {
                            result.fail(file, resetFailed);
                            return FileVisitResult.CONTINUE;
                        }
                    }
                    result.fail(file, e);
                    return FileVisitResult.CONTINUE;
                }

                @Override
                public FileVisitResult postVisitDirectory(Path dir, IOException e) {
                    if (e != null) {
                        result.fail(dir, e);
                    } else {
                        deletePlain(dir, result);
                    }
                    return FileVisitResult.CONTINUE;
                }
            });
        } catch (IOException e) {
            result.fail(root, e);
        }
    }

    private static void makeWritable(Path path) {
        var dos = Files.getFileAttributeView(path, DosFileAttributeView.class, LinkOption.NOFOLLOW_LINKS);
        if (dos != null) {
            try {
                dos.setReadOnly(false);
            } catch (IOException ignored) {
                // The delete that follows reports the real failure.
            }
        }
    }
}
