package dev.asynctemp;

import java.nio.file.Path;
import java.util.Objects;
import java.util.Optional;
import java.util.concurrent.Executor;

/**
 * The options of every creator in {@link AsyncTempfile}: Python's keyword arguments as an immutable
 * value with one {@code withX} method per argument.
 *
 * <pre>{@code
 * import static dev.asynctemp.AsyncTempfile.*;
 *
 * var csv = namedTemporaryFile(Mode.TEXT, options().withPrefix("report-").withSuffix(".csv")).join();
 * var made = mkstemp(options().withPrefix("export-").withSuffix(".csv")).join();
 * }</pre>
 *
 * <p>{@link AsyncTempfile#options()} is the same value as {@link #defaults()}, for one static
 * import. There is no static shortcut per option on this class: one named like its accessor
 * ({@code prefix(String)} beside {@code prefix()}) would, called on an instance by mistake, start
 * again from the defaults and drop the settings made so far. Prefix and suffix are named on
 * purpose: no creator takes them as two positional strings, whose order (Python's
 * {@code (suffix, prefix, dir)} or Java's {@code createTempFile(prefix, suffix)}) would be a guess.
 *
 * <p>{@code prefix}, {@code suffix}, {@code dir} and {@code executor} apply to every creator.
 * {@code delete}, {@code deleteOnClose} and {@code ignoreCleanupErrors} are judged by what they ask
 * for: a value that asks for what the creator always does is accepted ({@code withDelete(true)} on
 * {@code temporaryFile}, {@code withDelete(false)} on {@code mkstemp}); a value that asks for a
 * behaviour the creator does not have ({@code withDelete(false)} on {@code temporaryFile},
 * {@code withDelete(true)} on {@code mkstemp}, {@code withIgnoreCleanupErrors(true)} on any file)
 * fails at creation with an {@link IllegalArgumentException} that names the creators that have it,
 * instead of being silently ignored.
 *
 * <p>Prefix and suffix must not contain {@code '/'}, {@code '\\'}, {@code ".."} or NUL: a temporary
 * name always stays directly inside its directory. These checks run in the {@code withX} methods
 * and throw {@link IllegalArgumentException} naming the argument.
 *
 * @since 0.1.0
 */
public final class TempOptions {

    private static final TempOptions DEFAULTS = new TempOptions("tmp", "", null, null, null, null, null);

    private final String prefix;
    private final String suffix;
    private final Path dir;
    private final Executor executor;
    private final Boolean delete;
    private final Boolean deleteOnClose;
    private final Boolean ignoreCleanupErrors;

    private TempOptions(String prefix, String suffix, Path dir, Executor executor, Boolean delete,
            Boolean deleteOnClose, Boolean ignoreCleanupErrors) {
        this.prefix = prefix;
        this.suffix = suffix;
        this.dir = dir;
        this.executor = executor;
        this.delete = delete;
        this.deleteOnClose = deleteOnClose;
        this.ignoreCleanupErrors = ignoreCleanupErrors;
    }

    /**
     * Returns the defaults: prefix {@code "tmp"}, empty suffix, {@link AsyncTempfile#gettempdir()}
     * as directory, the library's default executor, {@code delete=true}, {@code deleteOnClose=true},
     * {@code ignoreCleanupErrors=false}.
     *
     * @return the default options
     */
    public static TempOptions defaults() {
        return DEFAULTS;
    }

    /**
     * Returns a copy with another name prefix.
     *
     * @param prefix the start of the generated name, possibly empty
     * @return new options
     * @throws NullPointerException if {@code prefix} is {@code null}
     * @throws IllegalArgumentException if {@code prefix} holds a path separator, {@code ".."} or NUL,
     *     or is too long for a file name
     */
    public TempOptions withPrefix(String prefix) {
        return new TempOptions(NameChecks.checkAffix(prefix, "prefix"), suffix, dir, executor, delete,
                deleteOnClose, ignoreCleanupErrors);
    }

    /**
     * Returns a copy with another name suffix, such as {@code ".txt"}.
     *
     * @param suffix the end of the generated name, possibly empty
     * @return new options
     * @throws NullPointerException if {@code suffix} is {@code null}
     * @throws IllegalArgumentException if {@code suffix} holds a path separator, {@code ".."} or NUL,
     *     or is too long for a file name
     */
    public TempOptions withSuffix(String suffix) {
        return new TempOptions(prefix, NameChecks.checkAffix(suffix, "suffix"), dir, executor, delete,
                deleteOnClose, ignoreCleanupErrors);
    }

    /**
     * Returns a copy that creates in another directory. A relative path is resolved against the
     * working directory when the file is created, and normalised ({@code .} and {@code ..} removed
     * without following links), as Python's {@code os.path.abspath}: the path a creator returns is
     * that directory joined with the new name. Whether it exists is checked at creation, which
     * then fails with {@link java.nio.file.NoSuchFileException}.
     *
     * @param dir the parent directory of the temporary file or directory
     * @return new options
     * @throws NullPointerException if {@code dir} is {@code null}; use {@link #defaults()} for the
     *     default directory
     */
    public TempOptions withDir(Path dir) {
        Objects.requireNonNull(dir, "dir must not be null");
        return new TempOptions(prefix, suffix, dir, executor, delete, deleteOnClose, ignoreCleanupErrors);
    }

    /**
     * Returns a copy that runs blocking work on {@code executor} instead of the library's default.
     * The executor must run every task it accepts and must not interrupt them: a file channel
     * closes itself when its thread is interrupted.
     *
     * @param executor the executor for creation and file operations
     * @return new options
     * @throws NullPointerException if {@code executor} is {@code null}
     */
    public TempOptions withExecutor(Executor executor) {
        Objects.requireNonNull(executor, "executor must not be null");
        return new TempOptions(prefix, suffix, dir, executor, delete, deleteOnClose, ignoreCleanupErrors);
    }

    /**
     * Returns a copy with Python's {@code delete} argument, a choice of
     * {@link AsyncTempfile#namedTemporaryFile(Mode, TempOptions)} and
     * {@link AsyncTempfile#temporaryDirectory(TempOptions)}. With {@code false}, closing leaves the
     * file or directory on disk and removing it is the caller's job. The other creators accept the
     * value they always behave by ({@code true} for {@code temporaryFile} and
     * {@code spooledTemporaryFile}, {@code false} for {@code mkstemp} and {@code mkdtemp}) and
     * refuse the other.
     *
     * @param delete whether closing removes the file or directory (default {@code true})
     * @return new options
     */
    public TempOptions withDelete(boolean delete) {
        return new TempOptions(prefix, suffix, dir, executor, delete, deleteOnClose, ignoreCleanupErrors);
    }

    /**
     * Returns a copy with Python's {@code delete_on_close} argument, a choice of
     * {@link AsyncTempfile#namedTemporaryFile(Mode, TempOptions)} only; the other creators accept
     * the value they always behave by ({@code true} for {@code temporaryFile},
     * {@code spooledTemporaryFile} and {@code temporaryDirectory}, {@code false} for {@code mkstemp}
     * and {@code mkdtemp}) and refuse the other. With {@code false}, closing the
     * handle ({@link NamedTemporaryFile#closeHandle()}) keeps the file so it can be reopened by name,
     * and closing the object as a whole ({@link NamedTemporaryFile#close()}) removes it.
     *
     * @param deleteOnClose whether closing the handle already removes the file (default {@code true})
     * @return new options
     */
    public TempOptions withDeleteOnClose(boolean deleteOnClose) {
        return new TempOptions(prefix, suffix, dir, executor, delete, deleteOnClose, ignoreCleanupErrors);
    }

    /**
     * Returns a copy with Python's {@code ignore_cleanup_errors} argument, a choice of
     * {@link AsyncTempfile#temporaryDirectory(TempOptions)} only. With {@code true}, entries that
     * cannot be removed are left behind silently instead of failing the cleanup. The other creators
     * accept {@code false} (they report every failure) and refuse {@code true}.
     *
     * @param ignoreCleanupErrors whether a failed cleanup is ignored (default {@code false})
     * @return new options
     */
    public TempOptions withIgnoreCleanupErrors(boolean ignoreCleanupErrors) {
        return new TempOptions(prefix, suffix, dir, executor, delete, deleteOnClose, ignoreCleanupErrors);
    }

    /**
     * Returns the name prefix.
     *
     * @return the prefix, {@code "tmp"} by default
     */
    public String prefix() {
        return prefix;
    }

    /**
     * Returns the name suffix.
     *
     * @return the suffix, empty by default
     */
    public String suffix() {
        return suffix;
    }

    /**
     * Returns the directory set with {@link #withDir(Path)}.
     *
     * @return the directory, or empty for {@link AsyncTempfile#gettempdir()}
     */
    public Optional<Path> dir() {
        return Optional.ofNullable(dir);
    }

    /**
     * Returns the executor set with {@link #withExecutor(Executor)}.
     *
     * @return the executor, or empty for the library's default executor
     */
    public Optional<Executor> executor() {
        return Optional.ofNullable(executor);
    }

    /**
     * Returns Python's {@code delete}.
     *
     * @return whether closing removes the file or directory
     */
    public boolean delete() {
        return delete == null || delete;
    }

    /**
     * Returns Python's {@code delete_on_close}.
     *
     * @return whether closing the handle already removes a named file
     */
    public boolean deleteOnClose() {
        return deleteOnClose == null || deleteOnClose;
    }

    /**
     * Returns Python's {@code ignore_cleanup_errors}.
     *
     * @return whether a failed directory cleanup is ignored
     */
    public boolean ignoreCleanupErrors() {
        return ignoreCleanupErrors != null && ignoreCleanupErrors;
    }

    /**
     * Fails if an option set explicitly asks for a behaviour {@code creator} does not have.
     *
     * @param creator the creator these options are passed to
     * @throws IllegalArgumentException naming the creator, the option and the creators that have it
     */
    void requireFits(Creator creator) {
        creator.check(Creator.Option.DELETE, delete);
        creator.check(Creator.Option.DELETE_ON_CLOSE, deleteOnClose);
        creator.check(Creator.Option.IGNORE_CLEANUP_ERRORS, ignoreCleanupErrors);
    }

    @Override
    public boolean equals(Object other) {
        return other instanceof TempOptions that
                && prefix.equals(that.prefix)
                && suffix.equals(that.suffix)
                && Objects.equals(dir, that.dir)
                && Objects.equals(executor, that.executor)
                && Objects.equals(delete, that.delete)
                && Objects.equals(deleteOnClose, that.deleteOnClose)
                && Objects.equals(ignoreCleanupErrors, that.ignoreCleanupErrors);
    }

    @Override
    public int hashCode() {
        return Objects.hash(prefix, suffix, dir, executor, delete, deleteOnClose, ignoreCleanupErrors);
    }

    @Override
    public String toString() {
        return "TempOptions[prefix=" + prefix + ", suffix=" + suffix + ", dir=" + dir
                + ", executor=" + executor + ", delete=" + delete() + ", deleteOnClose=" + deleteOnClose()
                + ", ignoreCleanupErrors=" + ignoreCleanupErrors() + "]";
    }
}
