package dev.asynctemp.internal;

import java.util.Set;
import java.util.concurrent.atomic.AtomicBoolean;

/**
 * Where and for whom an artifact was created: the caller's stack, captured on the calling thread
 * when the creator was called (not on the worker that did the work), and the scope bound then.
 */
public final class CreationSite {

    /** Frames of thread pools and timers: their threads outlive the code that started them. */
    private static final Set<String> POOL_FRAMES = Set.of(
            "java.util.concurrent.ThreadPoolExecutor.runWorker",
            "java.util.concurrent.ForkJoinWorkerThread.run",
            "java.util.TimerThread.mainLoop");

    /**
     * Threads JUnit makes for one {@code assertTimeoutPreemptively} call and throws away: pool
     * threads, but each works for the test that started it and no other.
     */
    private static final String JUNIT_TIMEOUT_THREAD = "junit-timeout-thread-";

    private final Throwable stack;
    private final Scope owner;
    private final AtomicBoolean settled = new AtomicBoolean();

    CreationSite(Throwable stack, Scope scope, boolean explicit) {
        this.stack = stack;
        this.owner = owner(stack, scope, explicit || Thread.currentThread().getName().startsWith(JUNIT_TIMEOUT_THREAD));
        if (owner != null) {
            owner.creationStarted();
        }
    }

    /** Returns the creating call's stack: a throwable made at the call, never thrown. */
    public Throwable stack() {
        return stack;
    }

    /**
     * Returns the scope the artifact belongs to, or {@code null} for the run level: none was bound,
     * or it had already ended; or the call came from a static initialiser (which runs once, for whichever test loads the
     * class first); or the scope was only inherited by a thread of a pool, which outlives the test
     * that started it and may be working for another test now.
     */
    Scope owner() {
        return owner;
    }

    /**
     * Marks the creation finished, successfully or not; until then the owning scope's verdict
     * treats it as work in flight. Idempotent.
     */
    public void settle() {
        if (owner != null && settled.compareAndSet(false, true)) {
            owner.creationSettled();
        }
    }

    private static Scope owner(Throwable stack, Scope scope, boolean explicit) {
        if (scope == null || scope.isClosed()) {
            return null;
        }
        for (StackTraceElement frame : stack.getStackTrace()) {
            if (frame.getMethodName().equals("<clinit>")) {
                return null;
            }
            if (!explicit && POOL_FRAMES.contains(frame.getClassName() + "." + frame.getMethodName())) {
                return null;
            }
        }
        return scope;
    }
}
