package dev.asynctemp.internal;

import dev.asynctemp.FileClosedException;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.Executor;
import java.util.function.BooleanSupplier;
import java.util.function.Supplier;

/**
 * Runs the operations of one file one at a time, in call order, on an executor; after
 * {@link #submitLast}, refuses new work. This is what lets a caller fire {@code write},
 * {@code seek}, {@code read} without waiting in between, and what makes {@code close} wait for the
 * operations called before it.
 *
 * <p><b>Holding.</b> A task <em>holds</em> the queue while its work runs; nothing else of the file
 * runs meanwhile. No user code ever runs while the queue is held: the work is the library's own,
 * the future is completed (and the callbacks chained on it run) only after the task has released
 * the queue, and the executor's {@code execute} is called without holding it. And the file never
 * depends on user code returning: whenever tasks wait while nobody holds the queue, a runner is on
 * its way to them: one handed to the executor, one spinning for work ({@link Spin#HOT_NANOS}), or
 * a runner that promised to come back having no user code left to run. In particular a thread that
 * releases the queue with tasks still waiting hands a runner to the executor before running any
 * callback, so a callback may block on a later operation of the same file; when nothing is chained
 * on the future it completes (sealed: see {@link OpFuture#sealIfNoDependents()}), no callback can
 * run, and it promises to come back instead, which spares a thread wake-up per operation of a
 * burst. A thread about to park on one of the file's futures checks that promise
 * ({@link #beforeBlocking()}).
 *
 * <p><b>Order.</b> Tasks run in submission order, and their futures complete in that order: a task
 * completes its future only once the one released before it has completed (the few instructions
 * between releasing and completing).
 *
 * <p><b>Where tasks run.</b> On a runner that the executor runs: it takes the waiting tasks one after
 * the other (a burst of calls pays one hand-over) and, on the library's own executor, stays hot
 * for a moment for the file's next operation, so that operations awaited one by one pay no
 * hand-over either. A task marked inline runs on the submitting thread
 * when the queue is idle; if its work then meets something that would block
 * ({@link #requireWorker()}), it goes back to the head of the queue and a runner finishes it.
 *
 * <p><b>Failures.</b> Whatever the work, the executor or the JVM throws reaches the task's future
 * and leaves the queue usable; an executor that refuses (or throws) fails the tasks it was to run,
 * except the last one, which then runs on the refusing thread so that the file is still closed.
 * If a {@link VirtualMachineError} strikes again while a future is being failed, the queue still
 * moves on, but that future may stay incomplete (best effort).
 */
public final class SerialQueue {

    /** Thrown by {@link #requireWorker()} on a submitting thread; never escapes the queue. */
    static final class WouldBlock extends RuntimeException {
        private static final long serialVersionUID = 1L;
        static final WouldBlock INSTANCE = new WouldBlock();

        private WouldBlock() {
            super(null, null, false, false);
        }
    }

    /** The queue whose runner the current thread is handing to the executor, for nested calls. */
    private static final ThreadLocal<SerialQueue> SCHEDULING = new ThreadLocal<>();
    /** The queue whose backup runner the current thread is handing over: see {@link #runLoop()}. */
    private static final ThreadLocal<SerialQueue> BACKUP = new ThreadLocal<>();

    /**
     * How an idle runner watches for its file's next task: {@link Spin#until} in the library; a test
     * drives it step by step.
     */
    @FunctionalInterface
    interface HotWait {
        /**
         * Watches {@code signal} for at most {@code nanos}.
         *
         * @return whether it held before the time was up
         */
        boolean until(BooleanSupplier signal, long nanos);
    }

    private final Executor executor;
    /** Whether runners may spin for the next task: only on the library's own threads. */
    private final boolean staysHot;
    private final HotWait hotWait;
    /** How long an idle runner stays hot, in nanoseconds. */
    private final long hotNanos;
    private final Runnable runner = this::runLoop;
    private Supplier<String> owner = () -> "temporary file";

    // Guarded by this.
    private Task<?> head;
    private Task<?> tail;
    private boolean closed;
    private boolean held;
    /** The holder is a submitting thread running its own call: it claims nothing after it. */
    private boolean heldInline;
    /** Runners handed to the executor that have not started yet. */
    private int scheduled;
    /** A runner is spinning for work. */
    private boolean hot;
    /** The runner thread completing a task, and that task: see {@link #submitStep}. */
    private Thread completer;
    private Task<?> completing;
    /** The completer promised to claim the next task itself. */
    private boolean promised;
    /** Bumped whenever work is queued; what a hot runner watches. */
    private volatile int signal;
    /** The signal when the current hot spell began. */
    private int spellSignal;
    private final CompletionOrder order = new CompletionOrder();
    private final HotPolicy policy;
    /** Whether the holder runs on a submitting thread; read and written only by the holder. */
    private boolean inlineRun;

    /**
     * Creates a queue running on {@code executor}.
     *
     * @param executor where the tasks run
     */
    public SerialQueue(Executor executor) {
        this(executor, Workers.isDefault(executor), Spin::until, Spin.HOT_NANOS);
    }

    /**
     * Creates a queue whose idle runners stay hot or not, for {@code hotNanos}, watching with
     * {@code hotWait}; for tests, which choose all three.
     */
    SerialQueue(Executor executor, boolean staysHot, HotWait hotWait, long hotNanos) {
        this.executor = executor;
        this.staysHot = staysHot;
        this.hotWait = hotWait;
        this.hotNanos = hotNanos;
        this.policy = new HotPolicy(hotNanos);
    }

    /** How long a caller blocked on this file's futures watches first, in nanoseconds; for tests. */
    long watchNanos() {
        return policy.watchNanos();
    }

    /**
     * Names the file in messages: closed-file failures and the leak detector's list of work in
     * flight ({@code "write() on NamedTemporaryFile /tmp/x"}).
     *
     * @param description describes the file, such as {@code "NamedTemporaryFile /tmp/x"}
     */
    void describedBy(Supplier<String> description) {
        this.owner = description;
    }

    String describeOwner() {
        return owner.get();
    }

    /**
     * Queues {@code call}.
     *
     * @param operation the operation's name, for messages
     * @param call the work
     * @param inline whether the work never blocks, so that it may run on the calling thread when
     *     the queue is idle (it may still move to a worker with {@link #requireWorker()})
     * @param <R> the result type
     * @return the future of the result; failed with a {@link FileClosedException} once closed
     */
    public <R> CompletableFuture<R> submit(String operation, IoCall<R> call, boolean inline) {
        return enqueue(operation, call, inline ? Task.INLINE : 0, new OpFuture<>(policy::watchNanos, this::beforeBlocking), null);
    }

    /**
     * Queues {@code call} as the last task: everything submitted before still runs, anything
     * submitted later fails.
     *
     * @param operation the operation's name, for messages
     * @param call the final work, usually closing the file
     * @param inline whether it may run on the calling thread when the queue is idle
     * @param <R> the result type
     * @return the future of the result
     */
    public <R> CompletableFuture<R> submitLast(String operation, IoCall<R> call, boolean inline) {
        return enqueue(operation, call, Task.LAST | (inline ? Task.INLINE : 0), new OpFuture<>(policy::watchNanos, this::beforeBlocking),
                null);
    }

    /**
     * Queues one step of a line loop (a readline of {@code forEachLine}). When {@code after} is the
     * task the calling runner is completing, queuing the step is the last thing that runner does
     * before claiming more, so it runs the step itself instead of handing it to the executor.
     *
     * @param operation the loop's name, for messages
     * @param call the step's work
     * @param inline as for {@link #submit}
     * @param into the future to complete, with the loop's callback already chained on it
     * @param after the future of the step before, or {@code null} for the first
     * @param <R> the result type
     */
    <R> void submitStep(String operation, IoCall<R> call, boolean inline, CompletableFuture<R> into,
            CompletableFuture<?> after) {
        enqueue(operation, call, Task.STEP | (inline ? Task.INLINE : 0), into, after);
    }

    /**
     * Called by work that is about to block: on a submitting thread, moves the task to a worker,
     * where the work is called again (it must resume where it stopped); on a worker, does nothing.
     *
     * @throws WouldBlock on a submitting thread; the queue catches it
     */
    void requireWorker() {
        if (inlineRun) {
            throw WouldBlock.INSTANCE;
        }
    }

    /**
     * Tells whether {@link #submitLast} has been called.
     *
     * @return {@code true} once closed to new work
     */
    public synchronized boolean isClosed() {
        return closed;
    }

    /**
     * Returns the executor the tasks run on.
     *
     * @return the executor
     */
    public Executor executor() {
        return executor;
    }

    private <R> CompletableFuture<R> enqueue(String operation, IoCall<R> call, int flags,
            CompletableFuture<R> future, CompletableFuture<?> after) {
        Task<R> task;
        try {
            task = new Task<>(operation, call, future, flags, after);
            task.carried = Scopes.carry(() -> operation + "() on " + describeOwner());
        } catch (Throwable t) {
            // Out of memory before anything was queued: the failure still goes to the future.
            future.completeExceptionally(t);
            return future;
        }
        boolean refused = false;
        boolean here = false;
        boolean schedule = false;
        synchronized (this) {
            if (closed) {
                refused = true;
            } else {
                closed = task.is(Task.LAST);
                append(task);
                signal++;
                if (task.is(Task.STEP) && mayPromise(task)) {
                    // The runner completing the step before comes back for this one itself.
                    promised = true;
                } else if (!held && !promised && scheduled == 0 && task.is(Task.INLINE) && head == task) {
                    claim();
                    heldInline = true;
                    here = true;
                } else if (needsRunner() || nestedInExecute()) {
                    scheduled++;
                    schedule = true;
                    policy.workCameCold();
                }
            }
        }
        if (refused) {
            task.fail(new FileClosedException(operation, describeOwner()));
        } else if (here) {
            // The submitting thread does only its own call; what is queued meanwhile goes to a runner.
            run(task, false);
        } else if (schedule) {
            schedule(false);
        }
        return future;
    }

    /**
     * Under the lock: whether {@code step} is being queued by the runner completing the step before,
     * with nothing else coming for the queue, so that this runner may promise to run it.
     */
    private boolean mayPromise(Task<?> step) {
        return completer == Thread.currentThread() && completing != null && completing.future == step.after
                && !held && !hot && !promised && scheduled == 0;
    }

    /**
     * Called by a thread about to park on one of this file's futures (or one derived from them).
     * A runner that promised to come back for the waiting tasks may not: code that got chained on
     * the future it completes despite the seal (see {@link OpFuture#sealIfNoDependents()}) may be
     * running on it and waiting, directly or through other threads, for a later operation. So
     * whenever tasks wait and nobody holds the file, spins for it, or is scheduled, a runner goes
     * to the executor; a parked wait costs a wake-up anyway. If the parking thread is that runner,
     * its promise is void.
     */
    void beforeBlocking() {
        synchronized (this) {
            if (promised && completer == Thread.currentThread()) {
                promised = false;
            }
        }
        scheduleIfStranded(true);
    }

    /**
     * Outside the lock: hands a runner to the executor if tasks wait with none coming; with
     * {@code evenIfPromised}, also when only a runner's promise to come back is coming.
     */
    private void scheduleIfStranded(boolean evenIfPromised) {
        boolean schedule;
        synchronized (this) {
            schedule = evenIfPromised ? !held && !hot && scheduled == 0 && head != null : needsRunner();
            if (schedule) {
                scheduled++;
            }
        }
        if (schedule) {
            schedule(false);
        }
    }

    /** Under the lock: whether claimable work waits with no runner coming for it. */
    private boolean needsRunner() {
        return !held && !hot && !promised && scheduled == 0 && head != null;
    }

    /** Under the lock: a submit made from inside this queue's own {@code execute} call needs a runner of its own. */
    private boolean nestedInExecute() {
        return !held && !hot && !promised && SCHEDULING.get() == this && head != null;
    }

    private void append(Task<?> task) {
        if (tail == null) {
            head = task;
        } else {
            tail.next = task;
        }
        tail = task;
    }

    /** Under the lock: takes the next task and holds the queue for it; {@code null} if none. */
    private Task<?> claim() {
        Task<?> task = held ? null : head;
        if (task == null) {
            return null;
        }
        head = task.next;
        task.next = null;
        if (head == null) {
            tail = null;
        }
        held = true;
        return task;
    }

    /** The executor's side: claims and runs tasks until none is left, then stays hot a moment. */
    private void runLoop() {
        Task<?> task;
        boolean spell;
        boolean direct;
        synchronized (this) {
            scheduled--;
            if (BACKUP.get() == this) {
                // A backup the executor runs inside execute(), on the very runner it backs up: that
                // runner claims what waits once it has completed its task; running it here instead
                // would nest one runner per task on this thread's stack.
                return;
            }
            // A runner the executor runs inside execute() is on the submitter's thread: never spin there.
            direct = SCHEDULING.get() == this;
            task = claim();
            spell = task == null && !direct && startHotSpell();
        }
        while (true) {
            if (task == null) {
                task = spell ? stayHot() : null;
                if (task == null) {
                    return;
                }
            }
            try {
                run(task, true);
            } catch (Throwable escaped) {
                // run() fails futures rather than throw; should anything escape it anyway (an error
                // striking again), this runner cannot keep its promise to come back: another comes.
                synchronized (this) {
                    completer = null;
                    completing = null;
                    promised = false;
                }
                scheduleIfStranded(false);
                throw escaped;
            }
            synchronized (this) {
                completer = null;
                completing = null;
                promised = false;
                task = claim();
                spell = task == null && !direct && startHotSpell();
            }
        }
    }

    /**
     * Under the lock, with nothing to claim: whether this runner starts a hot spell. Only on the
     * library's own executor, one hot runner at a time, never while a runner holds the queue (it
     * claims what follows itself), and as long as the file's recent past says it pays.
     */
    private boolean startHotSpell() {
        if (!staysHot || hot || (held && !heldInline) || !policy.stayHot()) {
            return false;
        }
        hot = true;
        spellSignal = signal;
        return true;
    }

    /**
     * Spins a moment for the next task of this file, the hot spell {@link #startHotSpell()} began;
     * returns the task claimed, or {@code null}.
     */
    private Task<?> stayHot() {
        try {
            return spin();
        } catch (Throwable t) {
            // Out of memory while watching (or a test's hot wait failing): this runner leaves, and
            // whatever waits gets another, as when anything escapes a task.
            synchronized (this) {
                hot = false;
            }
            scheduleIfStranded(false);
            throw t;
        }
    }

    private Task<?> spin() {
        long deadline = System.nanoTime() + hotNanos;
        int seen;
        synchronized (this) {
            // What the signal was when the spell began: work queued since then counts.
            seen = spellSignal;
        }
        while (true) {
            int before = seen;
            boolean changed = hotWait.until(() -> signal != before, deadline - System.nanoTime());
            synchronized (this) {
                Task<?> task = claim();
                // Work that came while a submitting thread held the queue: keep watching for the rest.
                if (task != null || !changed || (held && !heldInline) || System.nanoTime() - deadline > 0) {
                    hot = false;
                    if (task != null || !changed) {
                        policy.hotSpellEnded(task != null);
                    }
                    return task;
                }
                seen = signal;
            }
        }
    }

    /**
     * Runs a claimed task and completes its future, on whichever thread: binds the submitter's
     * attribution, skips a task cancelled before it started (never the last), releases the queue,
     * makes sure a runner comes for whatever is left, and completes the future after the one
     * released before it.
     */
    private void run(Task<?> task, boolean onWorker) {
        boolean endsElsewhere = false;
        Scopes.Restore restore = Task.resume(task.carried);
        try {
            boolean skip = !task.started && !task.is(Task.LAST) && task.future.isDone();
            boolean moved = false;
            if (!skip) {
                inlineRun = !onWorker;
                long start = System.nanoTime();
                try {
                    moved = !task.work();
                } finally {
                    inlineRun = false;
                }
                if (onWorker) {
                    policy.workTook(System.nanoTime() - start);
                }
            }
            CompletableFuture<?> previous = release(task, onWorker, skip, moved);
            if (moved) {
                // Still in flight: the runner that finishes it completes it.
                endsElsewhere = true;
            } else if (!skip) {
                order.complete(previous, task.carried, task.future, task::complete);
                endsElsewhere = true;
            }
        } finally {
            restore.close();
            if (!endsElsewhere) {
                Task.end(task.carried);
            }
        }
    }

    /**
     * Releases the queue after {@code task}; returns the future that must complete before the
     * task's own. Hands a runner to the executor if work is left and nobody else will run it.
     */
    private CompletableFuture<?> release(Task<?> task, boolean onWorker, boolean skipped, boolean moved) {
        CompletableFuture<?> previous = null;
        boolean schedule;
        synchronized (this) {
            held = false;
            heldInline = false;
            if (moved) {
                // Back to the head: nothing may run before the rest of this task.
                task.next = head;
                head = task;
                if (tail == null) {
                    tail = task;
                }
                signal++;
            } else if (!skipped) {
                previous = order.enter(task.future);
            }
            if (onWorker && !moved) {
                completer = Thread.currentThread();
                completing = task;
                // A runner comes back for what waits once it has completed this task. It needs a
                // backup only if completing may run code chained on the future, which may block
                // on a later operation; with nothing chained (sealed), it promises to come back,
                // and nobody pays a wake-up.
                // (A skipped task entered no line: previous is null.)
                if (!promised && (previous == null || previous.isDone())
                        && (skipped || task.future instanceof OpFuture<?> op && op.sealIfNoDependents())) {
                    promised = true;
                }
            }
            schedule = needsRunner();
            if (schedule) {
                scheduled++;
            }
        }
        if (schedule) {
            // A runner completing a task comes back for more itself: this one is its backup, in
            // case a callback blocks. A submitting thread does only its own call.
            schedule(onWorker && !moved);
        }
        return previous;
    }

    /**
     * Hands a runner to the executor, outside any hold. A refusal (or anything the executor throws)
     * fails the tasks that were waiting for that runner, unless it was only a backup.
     */
    private void schedule(boolean backup) {
        SerialQueue outer = SCHEDULING.get();
        SerialQueue outerBackup = BACKUP.get();
        Throwable refusal = null;
        try {
            SCHEDULING.set(this);
            BACKUP.set(backup ? this : null);
            executor.execute(runner);
        } catch (Throwable t) {
            refusal = t;
        } finally {
            SCHEDULING.set(outer);
            BACKUP.set(outerBackup);
        }
        if (refusal != null) {
            refused(refusal, backup);
        }
    }

    private void refused(Throwable refusal, boolean backup) {
        Task<?> failing;
        Task<?> kept;
        synchronized (this) {
            scheduled--;
            if (backup || held || hot || promised || scheduled > 0) {
                // Somebody else runs what waits (for a backup: the runner that asked for it).
                return;
            }
            // Fail what waits, but keep the last task (always the tail) to close the file.
            failing = head;
            if (tail != null && tail.is(Task.LAST)) {
                head = tail;
            } else {
                head = null;
                tail = null;
            }
            kept = head;
        }
        for (Task<?> task = failing; task != null && task != kept; ) {
            Task<?> next = task.next;
            task.next = null;
            failInOrder(task, refusal);
            task = next;
        }
        Task<?> last;
        synchronized (this) {
            last = claim();
        }
        if (last != null) {
            // The executor will not close the file; closing here beats leaving a handle open.
            run(last, true);
            synchronized (this) {
                completer = null;
                completing = null;
                promised = false;
            }
        }
    }

    private void failInOrder(Task<?> task, Throwable why) {
        CompletableFuture<?> previous;
        synchronized (this) {
            previous = order.enter(task.future);
        }
        task.failure = why;
        order.complete(previous, task.carried, task.future, task::complete);
    }
}
