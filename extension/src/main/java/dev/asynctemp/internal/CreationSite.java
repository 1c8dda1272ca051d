package dev.asynctemp.internal;

import java.util.Set;

/**
 * Where and for whom an artifact was created: the caller's stack, captured on the calling thread
 * when the creator was called (not on the worker that did the work), and the scope bound then.
 */
public final class CreationSite {

    /** Frames of thread pools: their threads outlive the code that started them. */
    private static final Set<String> POOL_FRAMES = Set.of(
            "java.util.concurrent.ThreadPoolExecutor.runWorker",
            "java.util.concurrent.ForkJoinWorkerThread.run");

    private final Throwable stack;
    private final Scope scope;
    private final boolean explicit;

    CreationSite(Throwable stack, Scope scope, boolean explicit) {
        this.stack = stack;
        this.scope = scope;
        this.explicit = explicit;
    }

    /** Returns the creating call's stack: a throwable made at the call, never thrown. */
    public Throwable stack() {
        return stack;
    }

    /**
     * Returns the scope the artifact belongs to, or {@code null} for the run level: none was bound;
     * or the call came from a static initialiser (which runs once, for whichever test loads the
     * class first); or the scope was only inherited by a thread of a pool, which outlives the test
     * that started it and may be working for another test now.
     */
    Scope owner() {
        if (scope == null) {
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
