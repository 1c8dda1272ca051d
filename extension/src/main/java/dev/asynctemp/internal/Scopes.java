package dev.asynctemp.internal;

import java.util.Set;
import java.util.concurrent.ForkJoinWorkerThread;
import java.util.function.Supplier;
import java.util.stream.Stream;

/**
 * Which {@link Scope} the current thread works for, and how sure the detector can be that the code
 * it runs is that scope's.
 *
 * <p>Three ways a thread comes to work for a scope:
 * <ul>
 *   <li><b>Test</b>: the JUnit extension binds it explicitly ({@link #bind}) on the thread that
 *       runs the test's code. That code is the test's, except a callback fired when the thread
 *       completed a {@code CompletableFuture}: whoever registered it may be another test.</li>
 *   <li><b>Worker</b>: a task of the library's ({@link #carry}, {@link #wrap}) runs for the code
 *       that submitted it, with the attribution that code had at the call.</li>
 *   <li><b>Inherited</b>: a thread started while its parent was bound (an inheritable
 *       thread-local). Its code is the starting test's only while no other test could have handed
 *       it work: no other test was running when it started and none has started since, and it is
 *       not a thread of a pool or timer (which serve whoever submits).</li>
 * </ul>
 */
public final class Scopes {

    /** Frames of thread pools and timers: their threads outlive the code that started them. */
    private static final Set<String> POOL_FRAMES = Set.of(
            "java.util.concurrent.ThreadPoolExecutor.runWorker",
            "java.util.concurrent.ForkJoinWorkerThread.run",
            "java.util.TimerThread.mainLoop");

    /** The frame through which a completed future fires the callbacks registered on it. */
    private static final String CALLBACK_FRAME = "java.util.concurrent.CompletableFuture.postComplete";

    /**
     * Threads JUnit makes for one {@code assertTimeoutPreemptively} call and throws away: pool
     * threads, but each runs the one executable of the test that started it.
     */
    private static final String JUNIT_TIMEOUT_THREAD = "junit-timeout-thread-";

    private enum Kind { TEST, WORKER, INHERITED }

    /**
     * What a thread is bound to.
     *
     * @param scope the scope, or {@code null} when explicitly unbound
     * @param kind how the binding came about
     * @param openingsAtStart for an inherited binding: the ledger's count of opened scopes when the
     *     thread (or the first of its ancestors that inherited) was started
     * @param othersAtStart for an inherited binding: whether scopes other than this one and those
     *     enclosing it were open then
     * @param carried for a worker: the attribution of the code that submitted the task
     */
    private record Binding(Scope scope, Kind kind, long openingsAtStart, boolean othersAtStart,
            Attribution carried) {
    }

    private static final InheritableThreadLocal<Binding> CURRENT = new InheritableThreadLocal<>() {
        @Override
        protected Binding childValue(Binding parent) {
            if (parent == null || parent.scope == null) {
                return null;
            }
            if (parent.kind == Kind.INHERITED) {
                // A grandchild's code came from its parent, whose code was uncertain since it started.
                return new Binding(parent.scope, Kind.INHERITED, parent.openingsAtStart,
                        parent.othersAtStart || Ledger.othersOpen(parent.scope), null);
            }
            return new Binding(parent.scope, Kind.INHERITED, Ledger.openings(), Ledger.othersOpen(parent.scope), null);
        }
    };

    private Scopes() {
    }

    /** Undoes a {@link #bind}. */
    public interface Restore extends AutoCloseable {
        @Override
        void close();
    }

    /**
     * Returns the scope the current thread works for, certain or not: where {@code gettempdir()}
     * points and what {@code TempLeaks} checks.
     *
     * @return the scope, or {@code null} outside any scope
     */
    public static Scope current() {
        Binding binding = CURRENT.get();
        return binding == null ? null : binding.scope;
    }

    /**
     * Binds {@code scope} to the current thread as a test's own thread until the returned handle is
     * closed.
     *
     * @param scope the scope, or {@code null} for none
     * @return restores what was bound before
     */
    public static Restore bind(Scope scope) {
        return bind(scope == null ? null : new Binding(scope, Kind.TEST, 0, false, null));
    }

    private static Restore bind(Binding binding) {
        Binding previous = CURRENT.get();
        CURRENT.set(binding);
        return () -> CURRENT.set(previous);
    }

    /**
     * Decides who a creation belongs to, from the binding of the calling thread and the creating
     * call's stack.
     *
     * @param stack the stack of the creating call, captured on the calling thread
     * @return the attribution
     */
    static Attribution attribute(StackTraceElement[] stack) {
        Binding binding = CURRENT.get();
        if (binding == null || binding.scope == null) {
            return new Attribution.Outside("created outside any test");
        }
        for (StackTraceElement frame : stack) {
            if (frame.getMethodName().equals("<clinit>")) {
                return new Attribution.Outside("created by a static initialiser, which runs once for whichever "
                        + "test loads the class first");
            }
        }
        return attribute(binding, () -> Stream.of(stack).map(f -> f.getClassName() + "." + f.getMethodName()));
    }

    private static Attribution attribute(Binding binding, Supplier<Stream<String>> frames) {
        Scope scope = binding.scope;
        if (binding.kind == Kind.WORKER) {
            if (binding.carried instanceof Attribution.Certain && !scope.accepts(true)) {
                return uncertain(scope, "finished after its test's verdict", 0);
            }
            return binding.carried;
        }
        if (!scope.accepts(false)) {
            return uncertain(scope, "created after its test had ended, by a thread it left running",
                    binding.kind == Kind.INHERITED ? binding.openingsAtStart : scope.openedAt());
        }
        boolean junitTimeoutThread = binding.kind == Kind.INHERITED
                && Thread.currentThread().getName().startsWith(JUNIT_TIMEOUT_THREAD);
        if (binding.kind == Kind.TEST || junitTimeoutThread) {
            return frames.get().anyMatch(CALLBACK_FRAME::equals)
                    ? uncertain(scope, "created by a callback that completing a future ran on this test's thread; "
                            + "any test may have registered it", 0)
                    : new Attribution.Certain(scope);
        }
        if (Thread.currentThread() instanceof ForkJoinWorkerThread) {
            return uncertain(scope, "created on a fork-join pool thread, which runs any test's tasks",
                    binding.openingsAtStart);
        }
        if (frames.get().anyMatch(frame -> POOL_FRAMES.contains(frame) || frame.equals(CALLBACK_FRAME))) {
            return uncertain(scope, "created on a thread of a pool, a timer, or by a callback, which any test "
                    + "may have handed it", binding.openingsAtStart);
        }
        if (binding.othersAtStart || Ledger.openings() != binding.openingsAtStart) {
            return uncertain(scope, "created on a thread the test started while other tests ran; it may have "
                    + "been serving them", binding.openingsAtStart);
        }
        return new Attribution.Certain(scope);
    }

    private static Attribution uncertain(Scope scope, String doubt, long windowStart) {
        return new Attribution.Uncertain(scope, doubt, Ledger.candidates(scope, windowStart));
    }

    /**
     * What a task of the library carries from the code that submitted it: the attribution that code
     * had, and the registration of the task as work in flight of its scope.
     */
    public static final class Carried {
        static final Carried NONE = new Carried(null, null);

        private final Binding binding;
        private final Scope.Work work;

        private Carried(Binding binding, Scope.Work work) {
            this.binding = binding;
            this.work = work;
        }

        /**
         * Binds the submitter's attribution to the current thread while the task runs.
         *
         * @return restores what was bound before
         */
        public Restore resume() {
            return binding == null ? () -> { } : bind(binding);
        }

        /** Marks the task's work finished: call once its future is complete. Idempotent. */
        public void end() {
            if (work != null) {
                work.end();
            }
        }
    }

    /**
     * Captures, on the submitting thread, what a task must carry: called when the task is
     * submitted, not when it runs.
     *
     * @param what describes the work for a timeout message, evaluated only then
     * @return the carried attribution and work registration; {@link Carried#NONE} outside any scope
     */
    public static Carried carry(Supplier<String> what) {
        Binding binding = CURRENT.get();
        if (binding == null || binding.scope == null) {
            return Carried.NONE;
        }
        Attribution attribution = binding.kind == Kind.WORKER ? attribute(binding, Stream::empty)
                : attribute(binding, Scopes::currentFrames);
        Scope scope = binding.scope;
        Scope.Work work = scope.accepts(binding.kind == Kind.WORKER) ? scope.begin(what) : null;
        return new Carried(new Binding(scope, Kind.WORKER, 0, false, attribution), work);
    }

    private static Stream<String> currentFrames() {
        return StackWalker.getInstance().walk(frames -> frames.map(f -> f.getClassName() + "." + f.getMethodName())
                .toList()).stream();
    }
}
