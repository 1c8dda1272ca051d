package dev.asynctemp.internal;

import java.util.Map;
import java.util.Set;
import java.util.concurrent.ForkJoinWorkerThread;
import java.util.function.BiPredicate;
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

    /**
     * Frames of thread pools and timers, class name to method: their threads outlive the code that
     * started them.
     */
    private static final Map<String, String> POOL_FRAMES = Map.of(
            "java.util.concurrent.ThreadPoolExecutor", "runWorker",
            "java.util.concurrent.ForkJoinWorkerThread", "run",
            "java.util.TimerThread", "mainLoop");

    /** The frame through which a completed future fires the callbacks registered on it. */
    private static final String CALLBACK_CLASS = "java.util.concurrent.CompletableFuture";
    private static final String CALLBACK_METHOD = "postComplete";

    /** Matches {@code class.method} frames among the classes and methods above. */
    private static final BiPredicate<String, String> CALLBACK_FRAME = (className, method) ->
            className.equals(CALLBACK_CLASS) && method.equals(CALLBACK_METHOD);

    private static final BiPredicate<String, String> POOL_OR_CALLBACK_FRAME = (className, method) ->
            method.equals(POOL_FRAMES.get(className)) || CALLBACK_FRAME.test(className, method);

    /**
     * Walks the calling thread's stack with class references, so that most frames are ruled out by
     * their class alone, without resolving a method name: a test thread's stack is deep, and every
     * operation a test calls is looked at.
     */
    private static final StackWalker WALKER = StackWalker.getInstance(StackWalker.Option.RETAIN_CLASS_REFERENCE);
    private static final Set<Class<?>> FRAME_CLASSES = frameClasses();

    /**
     * A stack to look for frames in: the calling thread's (walked lazily, stopping at the first
     * match), or none.
     */
    @FunctionalInterface
    private interface Frames {
        boolean any(BiPredicate<String, String> frame);
    }

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
            Ledger.Start start = Ledger.startOf(parent.scope);
            return new Binding(parent.scope, Kind.INHERITED, start.openings(), start.othersOpen(), null);
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
     * call's stack, walked on the calling thread.
     *
     * @return the attribution
     */
    static Attribution attributeHere() {
        Binding binding = CURRENT.get();
        if (binding == null || binding.scope == null) {
            return new Attribution.Outside("created outside any test");
        }
        boolean testThread = binding.kind == Kind.TEST;
        boolean staticInitialiser = WALKER.walk(stack -> frames(stack, testThread)
                .anyMatch(f -> f.getMethodName().equals("<clinit>")));
        if (staticInitialiser) {
            return new Attribution.Outside("created by a static initialiser, which runs once for whichever "
                    + "test loads the class first");
        }
        return attribute(binding, frame -> currentFrames(frame, testThread));
    }

    private static Attribution attribute(Binding binding, Frames frames) {
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
            return frames.any(CALLBACK_FRAME)
                    ? uncertain(scope, "created by a callback that completing a future ran on this test's thread; "
                            + "any test may have registered it", 0)
                    : new Attribution.Certain(scope);
        }
        if (Thread.currentThread() instanceof ForkJoinWorkerThread) {
            return uncertain(scope, "created on a fork-join pool thread, which runs any test's tasks",
                    binding.openingsAtStart);
        }
        if (frames.any(POOL_OR_CALLBACK_FRAME)) {
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
        Attribution attribution = binding.kind == Kind.WORKER ? attribute(binding, frame -> false)
                : attribute(binding, frame -> currentFrames(frame, binding.kind == Kind.TEST));
        Scope scope = binding.scope;
        Scope.Work work = scope.accepts(binding.kind == Kind.WORKER) ? scope.begin(what) : null;
        return new Carried(new Binding(scope, Kind.WORKER, 0, false, attribution), work);
    }

    /**
     * Whether the calling thread's stack holds a frame {@code frame} accepts; stops at the first,
     * and on a test's own thread at the JUnit engine (see {@link #frames}).
     */
    private static boolean currentFrames(BiPredicate<String, String> frame, boolean testThread) {
        return WALKER.walk(stack -> frames(stack, testThread).anyMatch(f -> {
            // Only frames of the JDK classes named above can match: rule out the others by class.
            Class<?> type = f.getDeclaringClass();
            return FRAME_CLASSES.contains(type) && frame.test(type.getName(), f.getMethodName());
        }));
    }

    /**
     * The frames to look at, from the top: on a test's own thread, those above the first frame of
     * the JUnit engine (the engine's frames and whatever runs it are below the test's code). What
     * is looked for there (the frame that fires a future's callbacks, a static initialiser) always
     * lies between the creating call and the test's code that led to it: a callback or an
     * initialiser that the engine itself runs the test under changes nothing, since the test's
     * code is the test's. Stopping there spares walking the 60 or more frames of the engine and
     * the launcher for every operation a test calls.
     */
    private static Stream<StackWalker.StackFrame> frames(Stream<StackWalker.StackFrame> stack, boolean testThread) {
        return testThread ? stack.takeWhile(f -> !isEngine(f.getDeclaringClass())) : stack;
    }

    /** Whether {@code type} is JUnit's engine or launcher, which run tests (not the API tests call). */
    private static boolean isEngine(Class<?> type) {
        String name = type.getName();
        return name.startsWith("org.junit.jupiter.engine.") || name.startsWith("org.junit.platform.engine.")
                || name.startsWith("org.junit.platform.launcher.");
    }

    /** The classes of {@link #POOL_FRAMES} and the callback frame that this JDK has. */
    private static Set<Class<?>> frameClasses() {
        var classes = new java.util.HashSet<Class<?>>();
        for (String name : POOL_FRAMES.keySet()) {
            try {
                classes.add(Class.forName(name, false, null));
            } catch (ClassNotFoundException absent) {
                // Not in this JDK: no frame of it to find.
            }
        }
        classes.add(java.util.concurrent.CompletableFuture.class);
        return Set.copyOf(classes);
    }
}
