package dev.asynctemp.internal;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.Executor;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;

/**
 * Which thread runs a file's tasks, and how many runners the queue hands to its executor, decided
 * one step at a time: the executor here only collects the runners, and the test runs them when it
 * chooses. No runner of such an executor stays hot (only the library's own do), so every hand-over
 * is visible and nothing depends on timing.
 */
@DisplayName("SerialQueue hand-over, step by step")
class SerialQueueHandOverTests {

    /** Collects the runners handed over; the test runs them. */
    private static final class Manual implements Executor {
        final ArrayDeque<Runnable> pending = new ArrayDeque<>();
        int handedOver;

        @Override
        public void execute(Runnable runner) {
            handedOver++;
            pending.add(runner);
        }

        void runNext() {
            pending.remove().run();
        }

        void runAll() {
            while (!pending.isEmpty()) {
                runNext();
            }
        }
    }

    private final Manual manual = new Manual();
    private final SerialQueue queue = new SerialQueue(manual);
    private final List<String> ran = new ArrayList<>();

    private CompletableFuture<String> op(String name, boolean inline) {
        return op(queue, name, inline);
    }

    /** Queues an operation that records its name when it runs and returns it. */
    private CompletableFuture<String> op(SerialQueue on, String name, boolean inline) {
        return on.submit(name, () -> {
            ran.add(name);
            return name;
        }, inline);
    }

    @Test
    @DisplayName("work queued while a runner is on its way needs no other: one hand-over runs them all, in call order")
    void oneRunnerForQueuedWork() {
        var a = op("a", false);
        var b = op("b", false);
        var c = op("c", false);
        assertThat(manual.handedOver).isEqualTo(1);
        assertThat(List.of(a, b, c)).noneMatch(CompletableFuture::isDone);
        manual.runNext();
        assertThat(ran).containsExactly("a", "b", "c");
        assertThat(List.of(a, b, c)).allMatch(f -> f.isDone() && !f.isCompletedExceptionally());
        assertThat(manual.pending).isEmpty();
        // Idle again: the next operation needs a runner of its own.
        var d = op("d", false);
        assertThat(manual.handedOver).isEqualTo(2);
        manual.runAll();
        assertThat(d).isCompletedWithValue("d");
    }

    @Test
    @DisplayName("an inline operation runs on the calling thread only when the queue is idle, and never ahead of queued work")
    void inlineOnlyWhenIdle() {
        var first = op("first", true);
        assertThat(first).as("idle queue: ran on the caller").isCompletedWithValue("first");
        assertThat(manual.handedOver).isZero();
        var queued = op("queued", false);
        var inline = op("inline", true);
        assertThat(inline).as("a runner is on its way for earlier work").isNotDone();
        assertThat(manual.handedOver).isEqualTo(1);
        manual.runAll();
        assertThat(ran).containsExactly("first", "queued", "inline");
        assertThat(List.of(queued, inline)).allMatch(CompletableFuture::isDone);
    }

    @Test
    @DisplayName("an operation queued by inline work while it holds the queue goes to a runner once the inline work releases it")
    void queuedDuringInlineWork() {
        var inner = new java.util.concurrent.atomic.AtomicReference<CompletableFuture<String>>();
        var outer = queue.submit("outer", () -> {
            inner.set(op("inner", true));
            ran.add("outer");
            return "outer";
        }, true);
        assertThat(outer).isCompletedWithValue("outer");
        assertThat(inner.get()).as("the queue was held: not run inline").isNotDone();
        assertThat(manual.handedOver).isEqualTo(1);
        manual.runAll();
        assertThat(inner.get()).isCompletedWithValue("inner");
        assertThat(ran).containsExactly("outer", "inner");
    }

    @Test
    @DisplayName("a task with a callback chained gets a backup runner while it completes; one with nothing chained does not")
    void backupOnlyWhenSomethingIsChained() {
        var a = op("a", false);
        var b = op("b", false);
        manual.runNext();
        assertThat(List.of(a, b)).allMatch(CompletableFuture::isDone);
        assertThat(manual.handedOver).as("nothing chained: the runner came back itself").isEqualTo(1);

        var c = op("c", false);
        var d = op("d", false);
        var seen = new ArrayList<Boolean>();
        c.thenRun(() -> seen.add(d.isDone()));
        manual.runNext();
        assertThat(seen).as("c's callback ran before the runner took d").containsExactly(false);
        assertThat(d).isCompletedWithValue("d");
        assertThat(manual.handedOver).as("c had a callback and d waited: a backup").isEqualTo(3);
        // The backup finds nothing left and hands over nothing.
        manual.runAll();
        assertThat(manual.handedOver).isEqualTo(3);
    }

    @Test
    @DisplayName("a callback that waits for a later operation is saved by the backup runner")
    void backupRunsWhatTheCallbackWaitsFor() {
        var a = op("a", false);
        var b = op("b", false);
        var c = op("c", false);
        var bSeenByCallback = new ArrayList<Boolean>();
        // The callback runs on the runner; it runs the backup itself to see b done, as a blocked
        // callback would wait for a thread running it.
        a.thenRun(() -> {
            manual.runNext();
            bSeenByCallback.add(b.isDone());
        });
        manual.runNext();
        assertThat(bSeenByCallback).containsExactly(true);
        assertThat(ran).containsExactly("a", "b", "c");
        assertThat(c).isCompletedWithValue("c");
        // The backup, completing b (nothing chained) right after a completed, promised to come back
        // for c rather than hand over another runner.
        assertThat(manual.handedOver).isEqualTo(2);
    }

    @Test
    @DisplayName("a hot runner whose watch fails leaves the queue usable: the next operation gets a runner")
    void failedHotWaitStrandsNothing() {
        // b is queued while the runner is hot (so no runner is handed over for it), then the wait fails.
        var b = new java.util.concurrent.atomic.AtomicReference<CompletableFuture<String>>();
        wait.steps.add(() -> {
            b.set(hotOp("b", false));
            throw new OutOfMemoryError("injected while hot");
        });
        hotOp("a", false);
        org.assertj.core.api.Assertions.assertThatThrownBy(manual::runNext).isInstanceOf(OutOfMemoryError.class);
        assertThat(manual.handedOver).as("a runner for b, which waited").isEqualTo(2);
        manual.runAll();
        assertThat(b.get()).isCompletedWithValue("b");
        // And the queue is not left hot: the next operation gets a runner too.
        var c = hotOp("c", false);
        assertThat(manual.handedOver).isEqualTo(3);
        manual.runAll();
        assertThat(c).isCompletedWithValue("c");
    }

    @Test
    @DisplayName("an executor that runs the runner inside execute() does not nest a runner per task on the stack")
    void directExecutorDoesNotNest() {
        var depths = new ArrayList<Integer>();
        var direct = new SerialQueue(Runnable::run);
        var later = new ArrayList<CompletableFuture<Integer>>();
        CompletableFuture<Void> first = direct.submit("first", () -> {
            // Queued while the first holds the queue, each with a callback: each release asks for a backup.
            for (int i = 0; i < 200; i++) {
                int n = i;
                CompletableFuture<Integer> f = direct.submit("next", () -> n, false);
                f.thenRun(() -> depths.add(new Throwable().getStackTrace().length));
                later.add(f);
            }
            return null;
        }, false);
        assertThat(first).isDone();
        assertThat(later).allMatch(CompletableFuture::isDone);
        assertThat(depths).hasSize(200);
        assertThat(depths.get(199)).as("stack depth of the last callback against the first")
                .isLessThan(depths.get(0) + 20);
    }

    @Test
    @DisplayName("an executor that refuses fails the waiting operations in order and still runs the close on the refusing thread")
    void refusalFailsWaitingWorkButCloses() {
        var refusals = new AtomicInteger();
        var refusing = new SerialQueue(runner -> {
            refusals.incrementAndGet();
            throw new RejectedExecutionException("pool shut down");
        });
        var order = new ArrayList<String>();
        CompletableFuture<String> write = refusing.submit("write", () -> "written", false);
        write.whenComplete((r, t) -> order.add("write " + (t == null ? r : t.getMessage())));
        assertThat(write).isCompletedExceptionally();
        CompletableFuture<String> close = refusing.submitLast("close", () -> {
            order.add("close ran on " + Thread.currentThread().getName());
            return "closed";
        }, false);
        assertThat(close).isCompletedWithValue("closed");
        assertThat(order).containsExactly("write pool shut down", "close ran on " + Thread.currentThread().getName());
        assertThat(refusals.get()).isEqualTo(2);
        assertThat(refusing.isClosed()).isTrue();
    }

    @Test
    @DisplayName("a refused backup fails nothing: the runner that asked for it runs what waits")
    void refusedBackupFailsNothing() {
        var calls = new AtomicInteger();
        var pending = new ArrayDeque<Runnable>();
        // Accepts the first runner, refuses every later one (the backups).
        var picky = new SerialQueue(runner -> {
            if (calls.incrementAndGet() > 1) {
                throw new RejectedExecutionException("no more threads");
            }
            pending.add(runner);
        });
        var a = picky.submit("a", () -> "a", false);
        var b = picky.submit("b", () -> "b", false);
        var c = picky.submit("c", () -> "c", false);
        a.thenRun(() -> { });
        b.thenRun(() -> { });
        pending.remove().run();
        assertThat(calls.get()).as("backups were asked for").isGreaterThan(1);
        assertThat(List.of(a, b, c)).allMatch(f -> f.isDone() && !f.isCompletedExceptionally());
    }

    @Test
    @DisplayName("an operation cancelled before it starts is skipped; the last one (the close) runs even if cancelled")
    void cancelledBeforeStart() {
        var a = op("a", false);
        var b = op("b", false);
        var close = queue.submitLast("close", () -> {
            ran.add("close");
            return "closed";
        }, false);
        b.cancel(false);
        close.cancel(false);
        manual.runAll();
        assertThat(ran).containsExactly("a", "close");
        assertThat(a).isCompletedWithValue("a");
        assertThat(b).isCancelled();
    }

    @Test
    @DisplayName("inline work that would block moves to a runner and keeps its place ahead of later inline work")
    void movedWorkKeepsItsPlace() {
        var attempts = new AtomicInteger();
        CompletableFuture<String> moving = queue.submit("moving", () -> {
            if (attempts.incrementAndGet() == 1) {
                queue.requireWorker();
            }
            ran.add("moving");
            return "moved";
        }, true);
        assertThat(moving).as("moved to a runner").isNotDone();
        assertThat(manual.handedOver).isEqualTo(1);
        var after = op("after", true);
        assertThat(after).as("not run inline ahead of the moved work").isNotDone();
        manual.runAll();
        assertThat(ran).containsExactly("moving", "after");
        assertThat(moving).isCompletedWithValue("moved");
        assertThat(attempts.get()).isEqualTo(2);
        assertThat(manual.handedOver).isEqualTo(1);
    }

    @Test
    @DisplayName("once closed, later operations fail at once with the file named, and hand nothing over")
    void closedRefusesWithoutHandOver() {
        queue.describedBy(() -> "TestFile /x");
        assertThat(queue.isClosed()).isFalse();
        var close = queue.submitLast("close", () -> "closed", false);
        assertThat(queue.isClosed()).isTrue();
        var late = op("late", false);
        assertThat(late).isCompletedExceptionally();
        assertThat(late.handle((r, t) -> t).join()).isInstanceOf(dev.asynctemp.FileClosedException.class)
                .hasMessageContaining("late()").hasMessageContaining("TestFile /x");
        assertThat(manual.handedOver).isEqualTo(1);
        manual.runAll();
        assertThat(close).isCompletedWithValue("closed");
        assertThat(ran).isEmpty();
    }

    /** A hot wait the test drives: each call runs the next step given, then reads the signal. */
    private static final class DrivenWait implements SerialQueue.HotWait {
        final ArrayDeque<Runnable> steps = new ArrayDeque<>();
        final List<Long> budgets = new ArrayList<>();
        int depth;
        int maxDepth;

        @Override
        public boolean until(java.util.function.BooleanSupplier signal, long nanos) {
            budgets.add(nanos);
            depth++;
            maxDepth = Math.max(maxDepth, depth);
            try {
                Runnable step = steps.poll();
                if (step != null) {
                    step.run();
                }
                return signal.getAsBoolean();
            } finally {
                depth--;
            }
        }
    }

    private final DrivenWait wait = new DrivenWait();
    /** Far longer than any step of a test takes, so that a spell ends only when the test says. */
    private static final long SPELL = java.util.concurrent.TimeUnit.MINUTES.toNanos(1);
    private final SerialQueue hotQueue = new SerialQueue(manual, true, wait, SPELL);

    private CompletableFuture<String> hotOp(String name, boolean inline) {
        return op(hotQueue, name, inline);
    }

    @Test
    @DisplayName("an idle runner stays hot for the next operation and takes it itself, within its time")
    void hotRunnerTakesTheNextOperation() {
        var b = new java.util.concurrent.atomic.AtomicReference<CompletableFuture<String>>();
        wait.steps.add(() -> b.set(hotOp("b", false)));
        var a = hotOp("a", false);
        manual.runNext();
        assertThat(a).isCompletedWithValue("a");
        assertThat(b.get()).as("taken by the hot runner").isCompletedWithValue("b");
        assertThat(manual.handedOver).as("no hand-over for b").isEqualTo(1);
        assertThat(wait.budgets).as("a hot spell after a, another after b").hasSize(2);
        assertThat(wait.budgets).allSatisfy(budget -> assertThat(budget).isPositive().isLessThanOrEqualTo(SPELL));
        // The spell after b found nothing: the runner left, and the next operation needs a hand-over.
        var c = hotOp("c", false);
        assertThat(manual.handedOver).isEqualTo(2);
        manual.runAll();
        assertThat(c).isCompletedWithValue("c");
    }

    @Test
    @DisplayName("runners of an executor that is not the library's own never stay hot")
    void otherExecutorsNeverSpin() {
        var spinning = new SerialQueue(manual, false, wait, SPELL);
        spinning.submit("a", () -> "a", false);
        manual.runAll();
        assertThat(wait.budgets).isEmpty();
    }

    @Test
    @DisplayName("a runner that an executor runs inside execute() never stays hot on the submitting thread")
    void directRunnerNeverSpins() {
        var direct = new SerialQueue(Runnable::run, true, wait, SPELL);
        assertThat(direct.submit("a", () -> "a", false)).isCompletedWithValue("a");
        assertThat(wait.budgets).isEmpty();
    }

    @Test
    @DisplayName("after three hot spells in a row find no work, runners stop staying hot")
    void missesStopTheSpinning() throws InterruptedException {
        // Spells of 1 ms: the test waits longer than that between operations.
        var briefly = new SerialQueue(manual, true, wait, java.util.concurrent.TimeUnit.MILLISECONDS.toNanos(1));
        for (int spell = 0; spell < HotPolicy.MISSES_TO_STOP; spell++) {
            briefly.submit("op", () -> "op", false);
            manual.runAll();
            // Long after the runner went idle: work coming now would not have been caught by a hot one.
            Thread.sleep(5);
        }
        assertThat(wait.budgets).hasSize(HotPolicy.MISSES_TO_STOP);
        briefly.submit("op", () -> "op", false);
        manual.runAll();
        assertThat(wait.budgets).as("no spell after three misses").hasSize(HotPolicy.MISSES_TO_STOP);
    }

    @Test
    @DisplayName("runners stay hot again once work comes soon enough after the last one left that a hot one would have caught it")
    void workSoonAfterResumesTheSpinning() {
        // Spells of a minute: every operation comes "soon" after the last runner left.
        for (int spell = 0; spell < HotPolicy.MISSES_TO_STOP; spell++) {
            hotOp("op", false);
            manual.runAll();
        }
        assertThat(wait.budgets).hasSize(HotPolicy.MISSES_TO_STOP);
        // Three misses, but this operation came soon enough after the last runner left.
        hotOp("op", false);
        manual.runAll();
        assertThat(wait.budgets).as("spinning again").hasSize(HotPolicy.MISSES_TO_STOP + 1);
    }

    @Test
    @DisplayName("a hot spell that catches work forgets the misses before it")
    void catchResetsTheMisses() throws InterruptedException {
        // Spells of 1 ms, and operations further apart: no spell resumes because work came soon.
        var briefly = new SerialQueue(manual, true, wait, java.util.concurrent.TimeUnit.MILLISECONDS.toNanos(1));
        for (int spell = 0; spell < HotPolicy.MISSES_TO_STOP - 1; spell++) {
            briefly.submit("op", () -> "op", false);
            manual.runAll();
            Thread.sleep(5);
        }
        // The next spell catches an operation; the one after it misses.
        var caught = new java.util.concurrent.atomic.AtomicReference<CompletableFuture<String>>();
        wait.steps.add(() -> caught.set(briefly.submit("caught", () -> "caught", false)));
        briefly.submit("op", () -> "op", false);
        manual.runAll();
        assertThat(caught.get()).isCompletedWithValue("caught");
        assertThat(wait.budgets).hasSize(HotPolicy.MISSES_TO_STOP + 1);
        // One miss since the catch: two more spells before runners stop.
        for (int op = 0; op < 3; op++) {
            Thread.sleep(5);
            briefly.submit("op", () -> "op", false);
            manual.runAll();
        }
        assertThat(wait.budgets).hasSize(HotPolicy.MISSES_TO_STOP + 1 + HotPolicy.MISSES_TO_STOP - 1);
    }

    @Test
    @DisplayName("a runner that finds its work already taken may stay hot itself")
    void lateRunnerStaysHot() {
        // c has a callback and d waits behind it: a backup runner is handed over.
        var c = hotOp("c", false);
        hotOp("d", false);
        c.thenRun(() -> { });
        manual.runNext();
        assertThat(wait.budgets).as("the runner that ran c and d went hot, and left").hasSize(1);
        // The backup comes late, finds nothing, and is now the one to watch for the next operation.
        var e = new java.util.concurrent.atomic.AtomicReference<CompletableFuture<String>>();
        wait.steps.add(() -> e.set(hotOp("e", false)));
        manual.runNext();
        assertThat(e.get()).isCompletedWithValue("e");
        assertThat(manual.handedOver).isEqualTo(2);
    }

    @Test
    @DisplayName("a hot runner keeps watching after work came and went on a submitting thread, and takes what comes next")
    void hotAfterInlineWorkCameAndWent() {
        var b = new java.util.concurrent.atomic.AtomicReference<CompletableFuture<String>>();
        var inline = new java.util.concurrent.atomic.AtomicReference<CompletableFuture<String>>();
        wait.steps.add(() -> inline.set(hotOp("inline", true)));
        wait.steps.add(() -> b.set(hotOp("b", false)));
        hotOp("a", false);
        manual.runNext();
        assertThat(inline.get()).as("ran on the submitting thread").isCompletedWithValue("inline");
        assertThat(b.get()).isCompletedWithValue("b");
        assertThat(manual.handedOver).isEqualTo(1);
    }

    @Test
    @DisplayName("one hot runner is enough: a second idle runner leaves at once")
    void oneHotRunnerAtATime() {
        // c has a callback and d waits behind it: a backup runner is handed over and stays pending.
        var c = hotOp("c", false);
        hotOp("d", false);
        c.thenRun(() -> { });
        // While the first runner is hot, the backup runs and must not spin too.
        wait.steps.add(manual::runNext);
        manual.runNext();
        assertThat(manual.handedOver).isEqualTo(2);
        assertThat(wait.maxDepth).as("hot waits nested").isEqualTo(1);
        assertThat(wait.budgets).hasSize(1);
    }

    /** Another thread whose inline call finds the queue idle, runs on that thread and holds the queue. */
    private final class InlineHolder {
        private final java.util.concurrent.CountDownLatch holds = new java.util.concurrent.CountDownLatch(1);
        private final java.util.concurrent.CountDownLatch mayEnd = new java.util.concurrent.CountDownLatch(1);
        private Thread thread;

        /** Starts the call and returns once it holds the queue. */
        void hold() {
            thread = new Thread(() -> hotQueue.submit("inline", () -> {
                holds.countDown();
                awaitQuietly(mayEnd);
                return "inline";
            }, true));
            thread.start();
            awaitQuietly(holds);
        }

        /** Lets the call end and waits for its thread. */
        void release() {
            mayEnd.countDown();
            joinQuietly(thread);
        }
    }

    @Test
    @DisplayName("a hot runner keeps watching while a submitting thread runs its own call, then takes what comes next")
    void hotThroughInlineWork() {
        var holder = new InlineHolder();
        var b = new java.util.concurrent.atomic.AtomicReference<CompletableFuture<String>>();
        wait.steps.add(holder::hold);
        wait.steps.add(() -> {
            holder.release();
            b.set(hotOp("b", false));
        });
        hotOp("a", false);
        manual.runNext();
        assertThat(b.get()).as("taken by the runner that kept watching").isCompletedWithValue("b");
        assertThat(manual.handedOver).isEqualTo(1);
    }

    @Test
    @DisplayName("a runner that finds the queue held by a submitting thread's own call still stays hot for what follows")
    void goesHotWhileInlineWorkHolds() {
        var holder = new InlineHolder();
        var b = new java.util.concurrent.atomic.AtomicReference<CompletableFuture<String>>();
        var a = hotOp("a", false);
        // a's callback runs on the runner, after a released the queue and with nothing waiting:
        // another thread's inline call then holds the queue while the runner looks for more.
        a.thenRun(holder::hold);
        wait.steps.add(() -> {
            holder.release();
            b.set(hotOp("b", false));
        });
        manual.runNext();
        assertThat(wait.budgets).as("went hot although the queue was held").isNotEmpty();
        assertThat(b.get()).isCompletedWithValue("b");
        assertThat(manual.handedOver).isEqualTo(1);
    }

    @Test
    @DisplayName("how long a caller watches before parking follows the file's recent work on runners, not inline work")
    void watchFollowsRecentWork() {
        assertThat(queue.watchNanos()).isEqualTo(Spin.WAIT_NANOS);
        queue.submit("inline", () -> {
            sleepQuietly(5);
            return null;
        }, true);
        assertThat(queue.watchNanos()).as("inline work is not timed").isEqualTo(Spin.WAIT_NANOS);
        for (int i = 0; i < 8; i++) {
            queue.submit("slow", () -> {
                sleepQuietly(2);
                return null;
            }, false);
        }
        manual.runAll();
        assertThat(queue.watchNanos()).as("operations took milliseconds: park at once").isZero();
        // Quick operations bring the watch back (a few, unless the machine keeps preempting them).
        for (int i = 0; i < 10_000 && queue.watchNanos() != Spin.WAIT_NANOS; i++) {
            queue.submit("quick", () -> null, false);
            manual.runAll();
        }
        assertThat(queue.watchNanos()).isEqualTo(Spin.WAIT_NANOS);
    }

    @Test
    @DisplayName("a runner leaves its thread bound as it found it, after running and completing a test's operation")
    void runnerRestoresTheBinding() {
        Scope scope = Ledger.openScope("[test:hand-over-binding]", "hand-over binding", null);
        CompletableFuture<String> a;
        Scopes.Restore bound = Scopes.bind(scope);
        try {
            a = op("a", false);
        } finally {
            bound.close();
        }
        var seenByCallback = new ArrayList<Scope>();
        a.thenRun(() -> seenByCallback.add(Scopes.current()));
        assertThat(Scopes.current()).isNull();
        manual.runAll();
        assertThat(seenByCallback).as("the callback ran for the test").containsExactly(scope);
        assertThat(Scopes.current()).as("bound after the runner").isNull();
        scope.close();
        scope.seal();
    }

    @Test
    @DisplayName("a line loop's next step queued by the runner completing the step before is run by that runner, with no hand-over")
    void stepQueuedByItsCompleterNeedsNoHandOver() {
        var first = op("first", false);
        var step = new OpFuture<String>();
        first.thenRun(() -> queue.submitStep("step", () -> {
            ran.add("step");
            return "step";
        }, false, step, first));
        manual.runNext();
        assertThat(step).isCompletedWithValue("step");
        assertThat(manual.handedOver).isEqualTo(1);
        assertThat(ran).containsExactly("first", "step");
    }

    @Test
    @DisplayName("a step queued by anyone else gets a runner of its own")
    void stepFromElsewhereGetsARunner() {
        var done = CompletableFuture.completedFuture("before");
        var step = new OpFuture<String>();
        queue.submitStep("step", () -> "step", false, step, done);
        assertThat(manual.handedOver).isEqualTo(1);
        manual.runAll();
        assertThat(step).isCompletedWithValue("step");
    }

    @Test
    @DisplayName("a cancelled step of a plain future is skipped without a backup runner")
    void skippedStepNeedsNoBackup() {
        var plain = new CompletableFuture<String>();
        queue.submitStep("step", () -> "step", false, plain, CompletableFuture.completedFuture(null));
        var after = op("after", false);
        plain.cancel(false);
        manual.runNext();
        assertThat(after).isCompletedWithValue("after");
        assertThat(manual.handedOver).isEqualTo(1);
    }

    @Test
    @DisplayName("a callback that parks on a later operation, after its runner promised to come back, gets a runner; so does work queued after")
    void parkingVoidsThePromise() throws Exception {
        var threads = new java.util.concurrent.CopyOnWriteArrayList<Thread>();
        Executor fresh = runner -> {
            Thread thread = new Thread(runner);
            threads.add(thread);
            thread.start();
        };
        var q = new SerialQueue(fresh, false, wait, SPELL);
        var gate = new java.util.concurrent.CountDownLatch(1);
        var first = q.submit("first", () -> {
            awaitQuietly(gate);
            return "first";
        }, false);
        var outcome = new CompletableFuture<String>();
        var stepCallback = new CompletableFuture<String>();
        first.thenRun(() -> {
            try {
                // Queued by the runner completing "first": it promises to come back for it.
                var step = new OpFuture<String>(() -> 0, q::beforeBlocking);
                // The step's own callback waits, without parking on the file, for an operation it
                // queues: the runner running the step must not hold on to the promise voided here.
                step.thenRun(() -> {
                    var extra = q.submit("extra", () -> "extra", false);
                    var extraDone = new java.util.concurrent.CountDownLatch(1);
                    extra.thenRun(extraDone::countDown);
                    try {
                        stepCallback.complete(extraDone.await(10, java.util.concurrent.TimeUnit.SECONDS) ? "extra ran" : "stranded");
                    } catch (InterruptedException e) {
                        stepCallback.completeExceptionally(e);
                    }
                });
                q.submitStep("step", () -> "step", false, step, first);
                // Parking on it here: only a runner handed over now can run it.
                String got = step.get(10, java.util.concurrent.TimeUnit.SECONDS);
                for (Thread thread : threads) {
                    if (thread != Thread.currentThread()) {
                        thread.join(10_000);
                    }
                }
                // Every runner but this one is gone: a later operation still needs one.
                var later = q.submit("later", () -> "later", false);
                var laterDone = new java.util.concurrent.CountDownLatch(1);
                later.thenRun(laterDone::countDown);
                outcome.complete(got + "," + (laterDone.await(10, java.util.concurrent.TimeUnit.SECONDS) ? later.join() : "stranded"));
            } catch (Exception e) {
                outcome.completeExceptionally(e);
            }
        });
        gate.countDown();
        assertThat(stepCallback.get(30, java.util.concurrent.TimeUnit.SECONDS)).isEqualTo("extra ran");
        assertThat(outcome.get(30, java.util.concurrent.TimeUnit.SECONDS)).isEqualTo("step,later");
    }

    @Test
    @DisplayName("another thread parking on a step that a runner, busy in a callback, promised to run gets a runner")
    void parkingElsewhereDespiteThePromise() throws Exception {
        Executor fresh = runner -> new Thread(runner).start();
        var q = new SerialQueue(fresh, false, wait, SPELL);
        var gate = new java.util.concurrent.CountDownLatch(1);
        var first = q.submit("first", () -> {
            awaitQuietly(gate);
            return "first";
        }, false);
        var outcome = new CompletableFuture<String>();
        first.thenRun(() -> {
            // The runner promises to come back for the step, then waits for a thread parked on it.
            var step = new OpFuture<String>(() -> 0, q::beforeBlocking);
            q.submitStep("step", () -> "step", false, step, first);
            var parked = new Thread(() -> {
                try {
                    outcome.complete(step.get(10, java.util.concurrent.TimeUnit.SECONDS));
                } catch (Exception e) {
                    outcome.completeExceptionally(e);
                }
            });
            parked.start();
            joinQuietly(parked);
        });
        gate.countDown();
        assertThat(outcome.get(30, java.util.concurrent.TimeUnit.SECONDS)).isEqualTo("step");
    }

    private static void awaitQuietly(java.util.concurrent.CountDownLatch latch) {
        try {
            if (!latch.await(10, java.util.concurrent.TimeUnit.SECONDS)) {
                throw new AssertionError("timed out");
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new AssertionError(e);
        }
    }

    private static void joinQuietly(Thread thread) {
        try {
            thread.join(10_000);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new AssertionError(e);
        }
    }

    private static void sleepQuietly(long millis) {
        try {
            Thread.sleep(millis);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    @Test
    @DisplayName("a thread blocked in join() on an operation costs no backup runner: completing it runs no one's code")
    void joinerCostsNoBackup() throws Exception {
        var a = op("a", false);
        var b = op("b", false);
        var joined = new java.util.concurrent.FutureTask<>(a::join);
        var joiner = new Thread(joined);
        joiner.start();
        org.awaitility.Awaitility.await().atMost(java.time.Duration.ofSeconds(30))
                .until(() -> joiner.getState() == Thread.State.WAITING);
        manual.runNext();
        assertThat(joined.get(30, java.util.concurrent.TimeUnit.SECONDS)).isEqualTo("a");
        assertThat(b).isCompletedWithValue("b");
        assertThat(manual.handedOver).as("the runner promised to come back for b").isEqualTo(1);
    }
}
