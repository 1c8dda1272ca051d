package dev.asynctemp.internal;

import java.io.IOException;
import java.net.URI;
import java.nio.channels.SeekableByteChannel;
import java.nio.file.AccessDeniedException;
import java.nio.file.AccessMode;
import java.nio.file.CopyOption;
import java.nio.file.DirectoryIteratorException;
import java.nio.file.DirectoryStream;
import java.nio.file.FileStore;
import java.nio.file.FileSystem;
import java.nio.file.FileSystems;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.OpenOption;
import java.nio.file.Path;
import java.nio.file.PathMatcher;
import java.nio.file.SecureDirectoryStream;
import java.nio.file.WatchEvent;
import java.nio.file.WatchKey;
import java.nio.file.WatchService;
import java.nio.file.attribute.BasicFileAttributes;
import java.nio.file.attribute.FileAttribute;
import java.nio.file.attribute.FileAttributeView;
import java.nio.file.attribute.FileTime;
import java.nio.file.attribute.GroupPrincipal;
import java.nio.file.attribute.PosixFileAttributeView;
import java.nio.file.attribute.PosixFileAttributes;
import java.nio.file.attribute.PosixFilePermission;
import java.nio.file.attribute.UserPrincipal;
import java.nio.file.attribute.UserPrincipalLookupService;
import java.nio.file.spi.FileSystemProvider;
import java.util.Iterator;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.stream.StreamSupport;

/**
 * The default file system seen through a wrapper that can inject the faults a real disk only shows
 * under a race or a hardware error: a directory that a writer keeps refilling, a listing that fails
 * halfway, attributes that cannot be read. Everything else goes to the default file system, so
 * deletion under test does real work on real files.
 */
final class FaultyFileSystem extends FileSystem {

    private static final FileSystemProvider REAL = FileSystems.getDefault().provider();

    /** Directories (by file name) refilled with one new file before each of their next removals. */
    final Map<String, AtomicInteger> refills = new java.util.concurrent.ConcurrentHashMap<>();
    /** A directory (by file name) whose listing fails after the first entry. */
    volatile String failListingOf;
    /** An entry (by file name) whose attributes cannot be read. */
    volatile String failAttributesOf;
    /** An entry (by file name) removed by someone else just before its attributes are read. */
    volatile String vanishing;
    /** A directory (by file name) that cannot be opened for listing. */
    volatile String failOpeningOf;
    /** An entry (by file name) whose permissions cannot be changed. */
    volatile String failModeChangeOf;
    /**
     * An entry (by file name) that, the moment its permissions are changed without following links,
     * is swapped for a link to {@link #swapTarget}: an attacker racing the deletion.
     */
    volatile String swapOnModeChangeOf;
    volatile Path swapTarget;

    private final Provider provider = new Provider();

    /** Returns {@code real} as a path of this file system. */
    Path wrap(Path real) {
        return real == null ? null : new WrappedPath(this, real);
    }

    static Path unwrap(Path path) {
        return path instanceof WrappedPath wrapped ? wrapped.real : path;
    }

    private void beforeRemovingDirectory(Path real) throws IOException {
        AtomicInteger left = refills.get(String.valueOf(real.getFileName()));
        if (left != null && left.getAndDecrement() > 0) {
            Files.writeString(real.resolve("refill-" + left.get()), "written while it was being emptied");
        }
    }

    private static boolean named(Path real, String name) {
        return String.valueOf(real.getFileName()).equals(name);
    }

    private void beforeReadingAttributes(Path real) throws IOException {
        if (named(real, failAttributesOf)) {
            throw new AccessDeniedException(real.toString(), null, "injected fault");
        }
        if (named(real, vanishing)) {
            Files.deleteIfExists(real);
        }
    }

    private void beforeOpening(Path real) throws IOException {
        if (named(real, failOpeningOf)) {
            throw new AccessDeniedException(real.toString(), null, "injected fault");
        }
    }

    private Iterator<Path> entries(Path realDirectory, Iterator<Path> real) {
        boolean fails = named(realDirectory, failListingOf);
        return new Iterator<>() {
            private int given;

            @Override
            public boolean hasNext() {
                if (fails && given > 0) {
                    throw new DirectoryIteratorException(new IOException("injected fault: listing " + realDirectory));
                }
                return real.hasNext();
            }

            @Override
            public Path next() {
                given++;
                return wrap(real.next());
            }
        };
    }

    @Override
    public FileSystemProvider provider() {
        return provider;
    }

    @Override
    public void close() {
    }

    @Override
    public boolean isOpen() {
        return true;
    }

    @Override
    public boolean isReadOnly() {
        return false;
    }

    @Override
    public String getSeparator() {
        return FileSystems.getDefault().getSeparator();
    }

    @Override
    public Iterable<Path> getRootDirectories() {
        return () -> StreamSupport.stream(FileSystems.getDefault().getRootDirectories().spliterator(), false)
                .map(this::wrap).iterator();
    }

    @Override
    public Iterable<FileStore> getFileStores() {
        return FileSystems.getDefault().getFileStores();
    }

    @Override
    public Set<String> supportedFileAttributeViews() {
        return FileSystems.getDefault().supportedFileAttributeViews();
    }

    @Override
    public Path getPath(String first, String... more) {
        return wrap(FileSystems.getDefault().getPath(first, more));
    }

    @Override
    public PathMatcher getPathMatcher(String syntaxAndPattern) {
        PathMatcher real = FileSystems.getDefault().getPathMatcher(syntaxAndPattern);
        return path -> real.matches(unwrap(path));
    }

    @Override
    public UserPrincipalLookupService getUserPrincipalLookupService() {
        return FileSystems.getDefault().getUserPrincipalLookupService();
    }

    @Override
    public WatchService newWatchService() {
        throw new UnsupportedOperationException();
    }

    /** A listing of a directory of the default file system. */
    private class Listing implements DirectoryStream<Path> {
        private final DirectoryStream<Path> real;
        final Path realDirectory;

        Listing(DirectoryStream<Path> real, Path realDirectory) {
            this.real = real;
            this.realDirectory = realDirectory;
        }

        @Override
        public Iterator<Path> iterator() {
            return entries(realDirectory, real.iterator());
        }

        @Override
        public void close() throws IOException {
            real.close();
        }
    }

    /** A listing that also works relative to its open directory, as on Linux. */
    private final class Secure extends Listing implements SecureDirectoryStream<Path> {
        private final SecureDirectoryStream<Path> real;

        Secure(SecureDirectoryStream<Path> real, Path realDirectory) {
            super(real, realDirectory);
            this.real = real;
        }

        @Override
        public SecureDirectoryStream<Path> newDirectoryStream(Path path, LinkOption... options) throws IOException {
            beforeOpening(realDirectory.resolve(unwrap(path)));
            return new Secure(real.newDirectoryStream(unwrap(path), options), realDirectory.resolve(unwrap(path)));
        }

        @Override
        public SeekableByteChannel newByteChannel(Path path, Set<? extends OpenOption> options,
                FileAttribute<?>... attrs) throws IOException {
            return real.newByteChannel(unwrap(path), options, attrs);
        }

        @Override
        public void deleteFile(Path path) throws IOException {
            real.deleteFile(unwrap(path));
        }

        @Override
        public void deleteDirectory(Path path) throws IOException {
            beforeRemovingDirectory(realDirectory.resolve(unwrap(path)));
            real.deleteDirectory(unwrap(path));
        }

        @Override
        public void move(Path srcpath, SecureDirectoryStream<Path> targetdir, Path targetpath) {
            throw new UnsupportedOperationException();
        }

        @Override
        public <V extends FileAttributeView> V getFileAttributeView(Class<V> type) {
            return real.getFileAttributeView(type);
        }

        @Override
        public <V extends FileAttributeView> V getFileAttributeView(Path path, Class<V> type, LinkOption... options) {
            Path realPath = unwrap(path);
            V view = real.getFileAttributeView(realPath, type, options);
            if (view instanceof PosixFileAttributeView posix && type == PosixFileAttributeView.class) {
                return type.cast(new Watched(posix, realDirectory.resolve(realPath), options));
            }
            return view;
        }
    }

    /** A view whose attribute reads meet the injected faults; everything else it does for real. */
    private final class Watched implements PosixFileAttributeView {
        private final PosixFileAttributeView real;
        private final Path path;
        private final boolean noFollow;

        Watched(PosixFileAttributeView real, Path path, LinkOption... options) {
            this.real = real;
            this.path = path;
            this.noFollow = java.util.List.of(options).contains(LinkOption.NOFOLLOW_LINKS);
        }

        @Override
        public String name() {
            return real.name();
        }

        @Override
        public PosixFileAttributes readAttributes() throws IOException {
            beforeReadingAttributes(path);
            return real.readAttributes();
        }

        @Override
        public void setTimes(FileTime lastModifiedTime, FileTime lastAccessTime, FileTime createTime)
                throws IOException {
            real.setTimes(lastModifiedTime, lastAccessTime, createTime);
        }

        @Override
        public void setPermissions(Set<PosixFilePermission> perms) throws IOException {
            if (named(path, failModeChangeOf)) {
                throw new AccessDeniedException(path.toString(), null, "injected fault");
            }
            if (noFollow && named(path, swapOnModeChangeOf)) {
                Files.move(path, path.resolveSibling(path.getFileName() + ".moved"));
                Files.createSymbolicLink(path, swapTarget);
                throw new java.nio.file.FileSystemException(path.toString(), null, "Too many levels of symbolic links");
            }
            real.setPermissions(perms);
        }

        @Override
        public void setGroup(GroupPrincipal group) throws IOException {
            real.setGroup(group);
        }

        @Override
        public UserPrincipal getOwner() throws IOException {
            return real.getOwner();
        }

        @Override
        public void setOwner(UserPrincipal owner) throws IOException {
            real.setOwner(owner);
        }
    }

    private final class Provider extends FileSystemProvider {
        @Override
        public String getScheme() {
            return "faulty";
        }

        @Override
        public FileSystem newFileSystem(URI uri, Map<String, ?> env) {
            throw new UnsupportedOperationException();
        }

        @Override
        public FileSystem getFileSystem(URI uri) {
            throw new UnsupportedOperationException();
        }

        @Override
        public Path getPath(URI uri) {
            throw new UnsupportedOperationException();
        }

        @Override
        public SeekableByteChannel newByteChannel(Path path, Set<? extends OpenOption> options,
                FileAttribute<?>... attrs) throws IOException {
            return REAL.newByteChannel(unwrap(path), options, attrs);
        }

        @Override
        public DirectoryStream<Path> newDirectoryStream(Path dir, DirectoryStream.Filter<? super Path> filter)
                throws IOException {
            Path realDirectory = unwrap(dir);
            beforeOpening(realDirectory);
            DirectoryStream<Path> real = REAL.newDirectoryStream(realDirectory, entry -> filter.accept(wrap(entry)));
            return real instanceof SecureDirectoryStream<Path> secure ? new Secure(secure, realDirectory)
                    : new Listing(real, realDirectory);
        }

        @Override
        public void createDirectory(Path dir, FileAttribute<?>... attrs) throws IOException {
            REAL.createDirectory(unwrap(dir), attrs);
        }

        @Override
        public void delete(Path path) throws IOException {
            Path real = unwrap(path);
            if (Files.isDirectory(real, LinkOption.NOFOLLOW_LINKS)) {
                beforeRemovingDirectory(real);
            }
            REAL.delete(real);
        }

        @Override
        public void copy(Path source, Path target, CopyOption... options) throws IOException {
            REAL.copy(unwrap(source), unwrap(target), options);
        }

        @Override
        public void move(Path source, Path target, CopyOption... options) throws IOException {
            REAL.move(unwrap(source), unwrap(target), options);
        }

        @Override
        public boolean isSameFile(Path path, Path path2) throws IOException {
            return REAL.isSameFile(unwrap(path), unwrap(path2));
        }

        @Override
        public boolean isHidden(Path path) throws IOException {
            return REAL.isHidden(unwrap(path));
        }

        @Override
        public FileStore getFileStore(Path path) throws IOException {
            return REAL.getFileStore(unwrap(path));
        }

        @Override
        public void checkAccess(Path path, AccessMode... modes) throws IOException {
            REAL.checkAccess(unwrap(path), modes);
        }

        @Override
        public <V extends FileAttributeView> V getFileAttributeView(Path path, Class<V> type, LinkOption... options) {
            V view = REAL.getFileAttributeView(unwrap(path), type, options);
            if (view instanceof PosixFileAttributeView posix && type == PosixFileAttributeView.class) {
                return type.cast(new Watched(posix, unwrap(path), options));
            }
            return view;
        }

        @Override
        public <A extends BasicFileAttributes> A readAttributes(Path path, Class<A> type, LinkOption... options)
                throws IOException {
            beforeReadingAttributes(unwrap(path));
            return REAL.readAttributes(unwrap(path), type, options);
        }

        @Override
        public Map<String, Object> readAttributes(Path path, String attributes, LinkOption... options)
                throws IOException {
            return REAL.readAttributes(unwrap(path), attributes, options);
        }

        @Override
        public void setAttribute(Path path, String attribute, Object value, LinkOption... options) throws IOException {
            REAL.setAttribute(unwrap(path), attribute, value, options);
        }
    }

    /** A path of the default file system, handed out as one of this file system's. */
    private record WrappedPath(FaultyFileSystem fileSystem, Path real) implements Path {
        @Override
        public FileSystem getFileSystem() {
            return fileSystem;
        }

        @Override
        public boolean isAbsolute() {
            return real.isAbsolute();
        }

        @Override
        public Path getRoot() {
            return fileSystem.wrap(real.getRoot());
        }

        @Override
        public Path getFileName() {
            return fileSystem.wrap(real.getFileName());
        }

        @Override
        public Path getParent() {
            return fileSystem.wrap(real.getParent());
        }

        @Override
        public int getNameCount() {
            return real.getNameCount();
        }

        @Override
        public Path getName(int index) {
            return fileSystem.wrap(real.getName(index));
        }

        @Override
        public Path subpath(int beginIndex, int endIndex) {
            return fileSystem.wrap(real.subpath(beginIndex, endIndex));
        }

        @Override
        public boolean startsWith(Path other) {
            return real.startsWith(unwrap(other));
        }

        @Override
        public boolean endsWith(Path other) {
            return real.endsWith(unwrap(other));
        }

        @Override
        public Path normalize() {
            return fileSystem.wrap(real.normalize());
        }

        @Override
        public Path resolve(Path other) {
            return fileSystem.wrap(real.resolve(unwrap(other)));
        }

        @Override
        public Path relativize(Path other) {
            return fileSystem.wrap(real.relativize(unwrap(other)));
        }

        @Override
        public URI toUri() {
            return real.toUri();
        }

        @Override
        public Path toAbsolutePath() {
            return fileSystem.wrap(real.toAbsolutePath());
        }

        @Override
        public Path toRealPath(LinkOption... options) throws IOException {
            return fileSystem.wrap(real.toRealPath(options));
        }

        @Override
        public WatchKey register(WatchService watcher, WatchEvent.Kind<?>[] events, WatchEvent.Modifier... modifiers) {
            throw new UnsupportedOperationException();
        }

        @Override
        public int compareTo(Path other) {
            return real.compareTo(unwrap(other));
        }

        @Override
        public String toString() {
            return real.toString();
        }
    }
}
