package dev.asynctemp;

import dev.asynctemp.internal.CreationSite;
import dev.asynctemp.internal.Ledger;
import dev.asynctemp.internal.TempFiles;
import dev.asynctemp.internal.TempRoot;
import dev.asynctemp.internal.Workers;
import java.nio.file.Path;
import java.util.Objects;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.Executor;

/**
 * The entry point of asynctemp's temp-file API: one static method per function of anyio's async
 * {@code tempfile} module, built for static import.
 *
 * <pre>{@code
 * import static dev.asynctemp.AsyncTempfile.*;
 *
 * try (TemporaryFile<String> f = temporaryFile(Mode.TEXT).join()) {
 *     f.write("Temporary file content").join();
 *     f.seek(0).join();
 *     System.out.println(f.read().join());
 * }
 * var made = mkstemp(options().withPrefix("export-").withSuffix(".csv")).join();
 * }</pre>
 *
 * <p><b>Options.</b> Python's keyword arguments ({@code prefix=}, {@code suffix=}, {@code dir=},
 * {@code delete=}, ...) are a {@link TempOptions}, started with {@link #options()}. No creator takes
 * prefix and suffix as positional strings: {@code mkstemp("export-", ".csv", null)} in Python's
 * order would have named the file {@code .csv...export-}.
 *
 * <p><b>Asynchronous.</b> Every method that touches the file system returns at once with a
 * {@link CompletableFuture}; the work runs on a worker thread of the executor in the options (by
 * default the library's own: a pool of 40 daemon platform threads on every JDK;
 * never the common fork-join pool).
 *
 * <p><b>Failures.</b> Programming errors ({@code null} where a value is needed, an option that
 * asks for a behaviour the creator does not have) throw at once. I/O failures complete the future
 * exceptionally with an {@link java.io.IOException}: {@link java.nio.file.NoSuchFileException} for a
 * missing directory, {@link java.nio.file.AccessDeniedException} for one that is not writable, and so on.
 * A failed creation leaves nothing on disk and no handle open.
 *
 * <p><b>Security.</b> Names are {@code prefix + 16 random characters + suffix} with 80 bits from a
 * non-blocking {@link java.security.SecureRandom}; files are created exclusively, never following a
 * link at the final name, with permissions 0600 (directories 0700) set in the creating call.
 *
 * @since 0.1.0
 */
public final class AsyncTempfile {

    private AsyncTempfile() {
    }

    /**
     * Returns the default options, to refine with their {@code withX} methods: the short spelling
     * of {@link TempOptions#defaults()} for code that imports this class's methods statically, so
     * that Python's keyword arguments read as one line:
     * {@code mkstemp(options().withPrefix("export-").withSuffix(".csv"))}.
     *
     * @return the default options (prefix {@code "tmp"}, no suffix, {@link #gettempdir()})
     */
    public static TempOptions options() {
        return TempOptions.defaults();
    }

    /**
     * Creates a binary temporary file with the default options; anyio's {@code TemporaryFile()}.
     *
     * @return the open file, deleted when closed
     */
    public static CompletableFuture<TemporaryFile<byte[]>> temporaryFile() {
        return temporaryFile(Mode.BINARY, TempOptions.defaults());
    }

    /**
     * Creates a temporary file in {@code mode}; anyio's {@code TemporaryFile(mode=...)}.
     *
     * @param mode {@link Mode#BINARY} or a {@link Mode.Text}
     * @param <T> {@code byte[]} or {@code String}
     * @return the open file, deleted when closed
     * @throws NullPointerException if {@code mode} is {@code null}
     */
    public static <T> CompletableFuture<TemporaryFile<T>> temporaryFile(Mode<T> mode) {
        return temporaryFile(mode, TempOptions.defaults());
    }

    /**
     * Creates a temporary file with no visible name: on POSIX its name is removed right after
     * creation while the file stays open; elsewhere it is removed on close.
     *
     * @param mode {@link Mode#BINARY} or a {@link Mode.Text}
     * @param options prefix, suffix, dir, executor
     * @param <T> {@code byte[]} or {@code String}
     * @return the open file, deleted when closed
     * @throws NullPointerException if an argument is {@code null}
     * @throws IllegalArgumentException if {@code options} asks to keep the file ({@code withDelete(false)},
     *     {@code withDeleteOnClose(false)}) or to ignore cleanup errors: a nameless file is always removed
     */
    public static <T> CompletableFuture<TemporaryFile<T>> temporaryFile(Mode<T> mode, TempOptions options) {
        checkCreation(mode, options, Creator.TEMPORARY_FILE);
        Executor executor = Workers.resolve(options.executor());
        CreationSite site = Ledger.capture();
        return Workers.supply(executor, () -> TempFiles.temporaryFile(mode, options, executor, site),
                () -> "creation of a temporary file");
    }

    /**
     * Creates a binary named temporary file with the default options; anyio's
     * {@code NamedTemporaryFile()}.
     *
     * @return the open file, deleted when closed
     */
    public static CompletableFuture<NamedTemporaryFile<byte[]>> namedTemporaryFile() {
        return namedTemporaryFile(Mode.BINARY, TempOptions.defaults());
    }

    /**
     * Creates a named temporary file in {@code mode}; anyio's {@code NamedTemporaryFile(mode=...)}.
     *
     * @param mode {@link Mode#BINARY} or a {@link Mode.Text}
     * @param <T> {@code byte[]} or {@code String}
     * @return the open file, deleted when closed
     * @throws NullPointerException if {@code mode} is {@code null}
     */
    public static <T> CompletableFuture<NamedTemporaryFile<T>> namedTemporaryFile(Mode<T> mode) {
        return namedTemporaryFile(mode, TempOptions.defaults());
    }

    /**
     * Creates a temporary file with a visible name.
     *
     * @param mode {@link Mode#BINARY} or a {@link Mode.Text}
     * @param options prefix, suffix, dir, executor, delete, deleteOnClose
     * @param <T> {@code byte[]} or {@code String}
     * @return the open file
     * @throws NullPointerException if an argument is {@code null}
     * @throws IllegalArgumentException if {@code options} asks to ignore cleanup errors
     *     ({@code withIgnoreCleanupErrors(true)}), which only a directory does
     */
    public static <T> CompletableFuture<NamedTemporaryFile<T>> namedTemporaryFile(Mode<T> mode,
            TempOptions options) {
        checkCreation(mode, options, Creator.NAMED_TEMPORARY_FILE);
        Executor executor = Workers.resolve(options.executor());
        CreationSite site = Ledger.capture();
        return Workers.supply(executor, () -> TempFiles.namedTemporaryFile(mode, options, executor, site),
                () -> "creation of a named temporary file");
    }

    /**
     * Creates a binary spooled temporary file; anyio's {@code SpooledTemporaryFile(max_size=...)}.
     * Touches no file system until the content grows past {@code maxSize} bytes.
     *
     * @param maxSize bytes kept in memory; zero or less never rolls over on its own
     * @return the file, in memory
     */
    public static SpooledTemporaryFile<byte[]> spooledTemporaryFile(int maxSize) {
        return spooledTemporaryFile(maxSize, Mode.BINARY, TempOptions.defaults());
    }

    /**
     * Creates a spooled temporary file in {@code mode}; anyio's
     * {@code SpooledTemporaryFile(max_size=..., mode=...)}.
     *
     * @param maxSize bytes kept in memory (encoded bytes in text mode); zero or less never rolls over
     *     on its own
     * @param mode {@link Mode#BINARY} or a {@link Mode.Text}
     * @param <T> {@code byte[]} or {@code String}
     * @return the file, in memory
     * @throws NullPointerException if {@code mode} is {@code null}
     */
    public static <T> SpooledTemporaryFile<T> spooledTemporaryFile(int maxSize, Mode<T> mode) {
        return spooledTemporaryFile(maxSize, mode, TempOptions.defaults());
    }

    /**
     * Creates a spooled temporary file: in memory until it grows past {@code maxSize} bytes, then
     * an anonymous file on disk made with the options' prefix, suffix and dir. Synchronous: nothing
     * is created, not even checked, until the rollover.
     *
     * @param maxSize bytes kept in memory (encoded bytes in text mode); zero or less never rolls over
     *     on its own
     * @param mode {@link Mode#BINARY} or a {@link Mode.Text}
     * @param options prefix, suffix, dir (used at rollover), executor
     * @param <T> {@code byte[]} or {@code String}
     * @return the file, in memory
     * @throws NullPointerException if {@code mode} or {@code options} is {@code null}
     * @throws IllegalArgumentException if {@code options} asks to keep the file ({@code withDelete(false)},
     *     {@code withDeleteOnClose(false)}) or to ignore cleanup errors: a spooled file is always removed
     */
    public static <T> SpooledTemporaryFile<T> spooledTemporaryFile(int maxSize, Mode<T> mode, TempOptions options) {
        checkCreation(mode, options, Creator.SPOOLED_TEMPORARY_FILE);
        CreationSite site = Ledger.capture();
        return TempFiles.spooledTemporaryFile(maxSize, mode, options, Workers.resolve(options.executor()), site);
    }

    /**
     * Creates a temporary directory with the default options; anyio's {@code TemporaryDirectory()}.
     *
     * @return the directory, removed with its content when closed
     */
    public static CompletableFuture<TemporaryDirectory> temporaryDirectory() {
        return temporaryDirectory(TempOptions.defaults());
    }

    /**
     * Creates a temporary directory.
     *
     * @param options prefix, suffix, dir, executor, delete, ignoreCleanupErrors
     * @return the directory
     * @throws NullPointerException if {@code options} is {@code null}
     * @throws IllegalArgumentException if {@code options} has {@code withDeleteOnClose(false)}, which only
     *     a named file does
     */
    public static CompletableFuture<TemporaryDirectory> temporaryDirectory(TempOptions options) {
        checkCreation(Mode.BINARY, options, Creator.TEMPORARY_DIRECTORY);
        Executor executor = Workers.resolve(options.executor());
        CreationSite site = Ledger.capture();
        return Workers.supply(executor, () -> TempFiles.temporaryDirectory(options, executor, site),
                () -> "creation of a temporary directory");
    }

    /**
     * Creates a file with the default options and returns it open; Python's {@code mkstemp()}.
     * Removing it is the caller's job.
     *
     * @return the open channel and the absolute path
     */
    public static CompletableFuture<MkstempFile> mkstemp() {
        return mkstemp(TempOptions.defaults());
    }

    /**
     * Creates a file and returns it open; Python's {@code mkstemp(suffix=..., prefix=..., dir=...)}
     * with the keyword arguments as options:
     * {@code mkstemp(options().withPrefix("export-").withSuffix(".csv"))}. There is deliberately no
     * overload with prefix and suffix as two positional strings (see {@link TempOptions}). Python's
     * {@code text} argument only matters on Windows' C runtime and has no Java counterpart. Removing
     * the file is the caller's job.
     *
     * @param options prefix, suffix, dir, executor
     * @return the open channel and the absolute path
     * @throws NullPointerException if {@code options} is {@code null}
     * @throws IllegalArgumentException if {@code options} asks for removal ({@code withDelete(true)},
     *     {@code withDeleteOnClose(true)}) or to ignore cleanup errors: mkstemp never removes its file
     */
    public static CompletableFuture<MkstempFile> mkstemp(TempOptions options) {
        checkCreation(Mode.BINARY, options, Creator.MKSTEMP);
        CreationSite site = Ledger.capture();
        return Workers.supply(Workers.resolve(options.executor()), () -> TempFiles.mkstemp(options, site),
                () -> "mkstemp");
    }

    /**
     * Creates a directory with the default options; Python's {@code mkdtemp()}. Removing it is the
     * caller's job.
     *
     * @return the absolute path of the new directory
     */
    public static CompletableFuture<Path> mkdtemp() {
        return mkdtemp(TempOptions.defaults());
    }

    /**
     * Creates a directory with permissions 0700; Python's
     * {@code mkdtemp(suffix=..., prefix=..., dir=...)} with the keyword arguments as options:
     * {@code mkdtemp(options().withPrefix("work-"))}. Removing it is the caller's job.
     *
     * @param options prefix, suffix, dir, executor
     * @return the absolute path of the new directory
     * @throws NullPointerException if {@code options} is {@code null}
     * @throws IllegalArgumentException if {@code options} asks for removal ({@code withDelete(true)},
     *     {@code withDeleteOnClose(true)}) or to ignore cleanup errors: mkdtemp never removes its directory
     */
    public static CompletableFuture<Path> mkdtemp(TempOptions options) {
        checkCreation(Mode.BINARY, options, Creator.MKDTEMP);
        CreationSite site = Ledger.capture();
        return Workers.supply(Workers.resolve(options.executor()), () -> TempFiles.mkdtemp(options, site),
                () -> "mkdtemp");
    }

    /**
     * Returns the directory temporary files go to by default: the system property
     * {@code asynctemp.tmpdir} if set, else {@code java.io.tmpdir}; Python's {@code gettempdir()}.
     *
     * @return the absolute path; completes exceptionally with an {@link java.io.IOException} naming
     *     the property if the directory does not exist, is not a directory or is not writable
     */
    public static CompletableFuture<Path> gettempdir() {
        return Workers.supply(Workers.defaultExecutor(), TempRoot::resolve, () -> "gettempdir");
    }

    /**
     * Returns {@link #gettempdir()} as bytes in the platform's file-name encoding; Python's
     * {@code gettempdirb()}.
     *
     * @return the path's bytes
     */
    public static CompletableFuture<byte[]> gettempdirb() {
        return Workers.supply(Workers.defaultExecutor(), () -> TempRoot.fileNameBytes(TempRoot.resolve()),
                () -> "gettempdirb");
    }

    private static void checkCreation(Mode<?> mode, TempOptions options, Creator creator) {
        Objects.requireNonNull(mode, "mode must not be null");
        Objects.requireNonNull(options, "options must not be null");
        options.requireFits(creator);
        NameChecks.checkLength(options.prefix(), options.suffix(), "prefix and suffix are");
    }
}
