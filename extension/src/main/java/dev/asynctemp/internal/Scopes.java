package dev.asynctemp.internal;

import java.util.concurrent.ForkJoinWorkerThread;

/**
 * Which {@link Scope} the current thread works for.
 *
 * <p>A scope is bound explicitly ({@link #bind}) on the thread that runs a test, and carried
 * explicitly to the library's own worker threads ({@link #wrap}). Threads a test starts inherit it
 * (an inheritable thread-local), with one exception: a fork-join worker thread does not, because
 * fork-join pools (the common pool, JUnit's own) are shared between tests, so the thread that
 * happened to start a worker says nothing about the work it runs later.
 */
public final class Scopes {

    /** A scope, and the thread that bound it explicitly. */
    private record Binding(Scope scope, Thread owner) {
    }

    private static final InheritableThreadLocal<Binding> CURRENT = new InheritableThreadLocal<>();

    private Scopes() {
    }

    /**
     * The scope the current thread works for, and whether it was bound on this thread explicitly
     * (by the JUnit extension or a library worker) rather than inherited from a parent thread.
     *
     * @param scope the scope, may be {@code null} when explicitly unbound
     * @param explicit whether bound on this very thread
     */
    public record Current(Scope scope, boolean explicit) {
    }

    /**
     * Returns the current binding with how it came about; {@code null} if nothing is bound or the
     * binding was inherited by a fork-join worker.
     *
     * @return the binding or {@code null}
     */
    static Current currentBinding() {
        Binding binding = CURRENT.get();
        if (binding == null || binding.scope == null) {
            return null;
        }
        Thread thread = Thread.currentThread();
        boolean explicit = binding.owner == thread;
        if (!explicit && thread instanceof ForkJoinWorkerThread) {
            return null;
        }
        return new Current(binding.scope, explicit);
    }

    /** Undoes a {@link #bind}. */
    public interface Restore extends AutoCloseable {
        @Override
        void close();
    }

    /**
     * Returns the scope the current thread works for.
     *
     * @return the scope, or {@code null} outside any scope
     */
    public static Scope current() {
        Current current = currentBinding();
        return current == null ? null : current.scope();
    }

    /**
     * Binds {@code scope} to the current thread until the returned handle is closed.
     *
     * @param scope the scope, or {@code null} for none
     * @return restores what was bound before
     */
    public static Restore bind(Scope scope) {
        Binding previous = CURRENT.get();
        CURRENT.set(new Binding(scope, Thread.currentThread()));
        return () -> CURRENT.set(previous);
    }

    /**
     * Returns {@code task} bound to the scope current now, wherever it later runs.
     *
     * @param task the task
     * @return the wrapped task
     */
    static Runnable wrap(Runnable task) {
        Scope captured = current();
        return () -> {
            Restore restore = bind(captured);
            try {
                task.run();
            } finally {
                restore.close();
            }
        };
    }
}
