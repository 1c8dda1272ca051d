package dev.asynctemp.junit;

import dev.asynctemp.TempOptions;
import dev.asynctemp.TemporaryDirectory;
import dev.asynctemp.internal.AsyncFile;
import dev.asynctemp.internal.Directory;
import dev.asynctemp.internal.Futures;
import dev.asynctemp.internal.NamedFile;
import dev.asynctemp.internal.TempFiles;
import dev.asynctemp.internal.Workers;
import java.io.IOException;
import java.io.InterruptedIOException;
import java.nio.file.Path;
import java.time.Duration;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.Executor;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.concurrent.atomic.AtomicBoolean;
import org.junit.jupiter.api.extension.ExtensionContext;
import org.junit.jupiter.api.io.CleanupMode;

/**
 * One injected file or directory, owned by the {@link ExtensionContext.Store} of the context it
 * lives in; JUnit closes it when that context ends. Both {@code CloseableResource} (JUnit 5.12) and
 * {@link AutoCloseable} (JUnit 6), idempotent either way.
 */
@SuppressWarnings("deprecation") // CloseableResource: deprecated in JUnit 6, the only option in 5.12
final class InjectedResource implements ExtensionContext.Store.CloseableResource, AutoCloseable {

    private final InjectionSpec spec;
    private final Object value;
    private final ExtensionContext owner;
    private final Configuration configuration;
    private final AtomicBoolean closed = new AtomicBoolean();

    private InjectedResource(InjectionSpec spec, Object value, ExtensionContext owner, Configuration configuration) {
        this.spec = spec;
        this.value = value;
        this.owner = owner;
        this.configuration = configuration;
    }

    /** Creates the file or directory {@code spec} asks for and hands it to {@code owner}'s store. */
    static Object inject(InjectionSpec spec, ExtensionContext owner) {
        var configuration = Configuration.of(owner);
        TempOptions options = configuration.tmpdir().map(spec.options()::withDir).orElse(spec.options());
        // Created untracked (no creation site): the store owns these, so they are never leaks. And
        // created on this thread: the test waits for them anyway, a hand-over would only add latency.
        Executor executor = Workers.defaultExecutor();
        Object value;
        try {
            value = switch (spec.kind()) {
                case FILE -> TempFiles.temporaryFile(spec.mode(), options, executor, null);
                case NAMED -> TempFiles.namedTemporaryFile(spec.mode(), options, executor, null);
                case SPOOLED -> TempFiles.spooledTemporaryFile(spec.maxSize(), spec.mode(), options, executor, null);
                case DIRECTORY -> TempFiles.temporaryDirectory(options, executor, null);
            };
        } catch (IOException | RuntimeException e) {
            throw spec.point().failure("creating it failed: " + e, e);
        }
        var resource = new InjectedResource(spec, value, owner, configuration);
        AsyncTempExtension.ownStore(owner).put(resource, resource);
        OwnedResources.of(owner).add(resource);
        return value;
    }

    @Override
    public void close() throws IOException, TimeoutException {
        if (!closed.compareAndSet(false, true)) {
            return;
        }
        CleanupMode mode = spec.cleanup() == CleanupMode.DEFAULT ? configuration.defaultCleanup() : spec.cleanup();
        boolean keep = spec.kind().keepable
                && (mode == CleanupMode.NEVER || (mode == CleanupMode.ON_SUCCESS && failed()));
        switch (spec.kind()) {
            case DIRECTORY -> {
                var directory = (TemporaryDirectory) value;
                if (keep) {
                    publishKept(directory.path(), mode);
                } else {
                    awaitCreationsInFlight();
                    ((Directory) directory).cleanupOnThisThread();
                }
            }
            case NAMED -> {
                var file = (NamedFile<?>) value;
                if (keep) {
                    awaitBounded(file.closeKeepingFile());
                    publishKept(file.path(), mode);
                } else {
                    awaitBounded(file.closeOnThisThreadIfIdle());
                }
            }
            default -> awaitBounded(((AsyncFile<?>) value).closeOnThisThreadIfIdle());
        }
    }

    /** Whether the owning test, or any test below the owning class, did not succeed. */
    private boolean failed() {
        return owner.getExecutionException().isPresent() || AsyncTempExtension.hasFailureBelow(owner);
    }

    /**
     * Tells where a kept file or directory is: as a report entry, and as one line on standard
     * output. Surefire's console and reports and Gradle's show no report entries, but they capture
     * what a test prints on its own thread (this runs in the owner's after-callback, on that thread):
     * Surefire shows it on the console and in the test's system-out.
     */
    private void publishKept(Path path, CleanupMode mode) {
        owner.publishReportEntry(AsyncTempExtension.KEPT_REPORT_KEY, path.toString());
        String why = mode != CleanupMode.ON_SUCCESS ? ""
                : owner.getTestMethod().isPresent() ? ", the test did not pass"
                : AsyncTempExtension.hasFailureBelow(owner) ? ", a test of the class did not pass" : ", the class failed";
        System.out.println("asynctemp kept " + path + " (cleanup mode " + mode + why + ") for " + spec.description());
    }

    /** Waits for a file's close, which waits for its operations; after the timeout, closes it anyway. */
    private void awaitBounded(CompletableFuture<Void> closing) throws IOException, TimeoutException {
        Duration timeout = configuration.cleanupTimeout();
        try {
            closing.get(timeout.toNanos(), TimeUnit.NANOSECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            AsyncFile.abandon(value);
            throw new InterruptedIOException("interrupted while closing " + spec.description());
        } catch (TimeoutException stillRunning) {
            AsyncFile.abandon(value);
            throw new TimeoutException(spec.description() + ": operations were still running " + timeout.toMillis()
                    + " ms after the test (" + AsyncTempExtension.CLEANUP_TIMEOUT_KEY + "); the file was closed "
                    + "and removed under them");
        } catch (ExecutionException e) {
            Futures.rethrow(e.getCause());
        }
    }

    /**
     * Lets work the test started but did not await (creations among it) finish, up to the cleanup
     * timeout, before a directory is removed: one landing mid-removal would make the outcome a
     * matter of timing.
     */
    private void awaitCreationsInFlight() {
        var scope = AsyncTempExtension.scopeOf(owner);
        if (scope.quiet()) {
            return;
        }
        try {
            org.awaitility.Awaitility.await("work in flight to finish").pollInSameThread()
                    .pollDelay(Duration.ZERO).pollInterval(Duration.ofMillis(2))
                    .atMost(configuration.cleanupTimeout()).until(scope::quiet);
        } catch (org.awaitility.core.ConditionTimeoutException stillCreating) {
            // Remove what is there; the leak detector names what is still in flight.
        }
    }
}
