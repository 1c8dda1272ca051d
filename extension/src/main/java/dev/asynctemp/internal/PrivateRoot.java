package dev.asynctemp.internal;

import java.io.File;
import java.io.IOException;
import java.nio.channels.FileChannel;
import java.nio.channels.FileLock;
import java.nio.channels.OverlappingFileLockException;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.nio.file.attribute.PosixFileAttributes;
import java.nio.file.attribute.PosixFilePermission;
import java.nio.file.attribute.PosixFilePermissions;
import java.nio.file.attribute.UserPrincipal;
import java.util.EnumSet;
import java.util.List;
import java.util.Set;

/**
 * Finds out whether this JVM's temp root is private to it, the ground truth the foreign-leak
 * detector needs: only then is everything that appears in it this JVM's doing.
 *
 * <p>Private means: the directory both {@code Files.createTempFile} and {@code File.createTempFile}
 * really use (the JDK reads {@code java.io.tmpdir} once, so a later {@code System.setProperty}
 * does not count); owned by this user and closed to everyone else (0700, created so if missing);
 * not a system-wide temp directory; and held by no other JVM (an exclusive lock on a file in it,
 * for as long as this JVM runs).
 */
public final class PrivateRoot {

    /** Names asynctemp itself uses in the root; never foreign. */
    static final String OWN_PREFIX = ".asynctemp-";
    /** The marker each JVM that checks a root leaves in it, followed by its process id. */
    static final String JVM_MARKER = OWN_PREFIX + "jvm-";

    private static final Set<PosixFilePermission> OWNER_ONLY = EnumSet.of(PosixFilePermission.OWNER_READ,
            PosixFilePermission.OWNER_WRITE, PosixFilePermission.OWNER_EXECUTE);
    private static final String NOT_POSIX = "the file system has no POSIX owners and permissions to check";
    private static final List<String> SYSTEM_TEMP = List.of("/tmp", "/var/tmp", "/dev/shm", "/private/tmp");

    /**
     * The outcome: a private root, or why the root is not one.
     *
     * @param root the temp root
     * @param refusal empty if private; else why not, in words
     * @param lock the lock that keeps the root this JVM's, or {@code null} if refused
     */
    record Verdict(Path root, String refusal, FileLock lock) {
        boolean isPrivate() {
            return refusal.isEmpty();
        }
    }

    private PrivateRoot() {
    }

    /**
     * Creates this JVM's temp root, owner-only, if {@code java.io.tmpdir} names one that does not
     * exist yet: a build that gives each test JVM a root of its own names a fresh directory, which
     * nothing else would create before the first test needs it.
     *
     * @throws IOException if it cannot be created
     */
    public static void ensureExists() throws IOException {
        ensureExists(Path.of(System.getProperty("java.io.tmpdir", "")).toAbsolutePath().normalize());
    }

    /** Creates {@code declared}, owner-only, and its parents if it does not exist; else leaves it as it is. */
    static void ensureExists(Path declared) throws IOException {
        if (!Files.exists(declared, LinkOption.NOFOLLOW_LINKS)) {
            Files.createDirectories(declared.getParent());
            try {
                Files.createDirectory(declared, PosixFilePermissions.asFileAttribute(OWNER_ONLY));
            } catch (java.nio.file.FileAlreadyExistsException raced) {
                // Made meanwhile by another thread of this JVM: what we wanted.
            } catch (UnsupportedOperationException notPosix) {
                Files.createDirectories(declared);
            }
        }
    }

    /** Checks this JVM's temp root; creates it, owner-only, if it does not exist. */
    static Verdict check() {
        Path declared = Path.of(System.getProperty("java.io.tmpdir", "")).toAbsolutePath().normalize();
        try {
            ensureExists(declared);
            JdkTemp used = usedRoot();
            return check(declared, used.root(), environmentTemp(), used.user());
        } catch (UnsupportedOperationException notPosix) {
            return refused(declared, NOT_POSIX);
        } catch (IOException | RuntimeException e) {
            return refused(declared, "checking it failed: " + e);
        }
    }

    /**
     * Checks {@code declared} as the temp root of this JVM, given what the JDK really uses.
     *
     * @param declared the root {@code java.io.tmpdir} names, absolute
     * @param used the directory the JDK really creates temporary files in (real path)
     * @param environmentTemp the environment's shared temp directory ({@code TMPDIR}), or {@code null}
     * @param user who this JVM creates files as
     * @return private, with the lock that keeps it so; or refused, with why
     */
    static Verdict check(Path declared, Path used, Path environmentTemp, UserPrincipal user) {
        try {
            Path root = declared.toRealPath();
            if (!used.equals(root)) {
                return refused(declared, "java.io.tmpdir says " + declared + ", but the JDK creates temporary files in "
                        + used + ": it keeps the value it read at start-up, so set it on the command line");
            }
            if (SYSTEM_TEMP.contains(root.toString()) || root.equals(environmentTemp)) {
                return refused(root, root + " is the system's shared temp directory");
            }
            var attributes = Files.readAttributes(root, PosixFileAttributes.class, LinkOption.NOFOLLOW_LINKS);
            if (!attributes.owner().equals(user)) {
                return refused(root, root + " belongs to " + attributes.owner().getName() + ", not to this user");
            }
            if (!OWNER_ONLY.containsAll(attributes.permissions())) {
                return refused(root, root + " is open to others (" + PosixFilePermissions.toString(
                        attributes.permissions()) + "); a private root is 0700 (chmod 700 " + root + ")");
            }
            // Announce this JVM to any other that watches the root, before asking for it: a JVM
            // refused below must not write into it unseen by the one that holds it.
            Path marker = root.resolve(JVM_MARKER + ProcessHandle.current().pid());
            Files.deleteIfExists(marker);
            Files.createFile(marker);
            marker.toFile().deleteOnExit();
            return lock(root);
        } catch (UnsupportedOperationException notPosix) {
            return refused(declared, NOT_POSIX);
        } catch (IOException | RuntimeException e) {
            return refused(declared, "checking it failed: " + e);
        }
    }

    /** Where the JDK creates temporary files, and as whom. */
    private record JdkTemp(Path root, UserPrincipal user) {
    }

    /** The directory the JDK really creates temporary files in, through both APIs, and their owner. */
    private static JdkTemp usedRoot() throws IOException {
        Path nio = Files.createTempFile(OWN_PREFIX + "probe-", "");
        File io = null;
        try {
            io = File.createTempFile(OWN_PREFIX + "probe-", null);
            Path nioRoot = nio.getParent().toRealPath();
            Path ioRoot = io.toPath().getParent().toRealPath();
            if (!nioRoot.equals(ioRoot)) {
                throw new IOException("Files.createTempFile uses " + nioRoot + " but File.createTempFile uses " + ioRoot);
            }
            return new JdkTemp(nioRoot, Files.getOwner(nio));
        } finally {
            Files.deleteIfExists(nio);
            if (io != null) {
                Files.deleteIfExists(io.toPath());
            }
        }
    }

    private static Path environmentTemp() {
        return environmentTemp(System.getenv("TMPDIR"));
    }

    /** The directory {@code TMPDIR} names, as a real path; {@code null} if unset, blank or missing. */
    static Path environmentTemp(String tmpdir) {
        try {
            return tmpdir == null || tmpdir.isBlank() ? null : Path.of(tmpdir).toRealPath();
        } catch (IOException | RuntimeException e) {
            return null;
        }
    }

    /** Takes the root for this JVM: refused if another JVM holds it. The lock lives as long as the JVM. */
    private static Verdict lock(Path root) throws IOException {
        Path lockFile = root.resolve(OWN_PREFIX + "root.lock");
        FileChannel channel = FileChannel.open(lockFile, StandardOpenOption.CREATE, StandardOpenOption.WRITE,
                LinkOption.NOFOLLOW_LINKS);
        try {
            FileLock lock = channel.tryLock();
            if (lock == null) {
                channel.close();
                return refused(root, root + " is in use by another JVM (a sibling fork?)");
            }
            return new Verdict(root, "", lock);
        } catch (OverlappingFileLockException alreadyHeld) {
            channel.close();
            return refused(root, root + " is already watched by another class loader of this JVM");
        }
    }

    private static Verdict refused(Path root, String why) {
        return new Verdict(root, why, null);
    }
}
