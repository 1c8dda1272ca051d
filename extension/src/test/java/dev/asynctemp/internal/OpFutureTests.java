package dev.asynctemp.internal;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Duration;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicReference;
import org.awaitility.Awaitility;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

@DisplayName("OpFuture: sealed for a completion that runs no code of anyone's")
class OpFutureTests {

    /** Ways of chaining an action on a future: directly, or as the JDK chains from elsewhere. */
    enum Chaining {
        THEN_ACCEPT {
            @Override
            CompletableFuture<?> chain(CompletableFuture<String> future, Runnable action) {
                return future.thenAccept(value -> action.run());
            }
        },
        RETURNED_BY_THEN_COMPOSE {
            @Override
            CompletableFuture<?> chain(CompletableFuture<String> future, Runnable action) {
                return CompletableFuture.completedFuture(0).thenCompose(ignored -> future)
                        .thenAccept(value -> action.run());
            }
        },
        OTHER_SIDE_OF_THEN_COMBINE {
            @Override
            CompletableFuture<?> chain(CompletableFuture<String> future, Runnable action) {
                return CompletableFuture.completedFuture("").thenCombine(future, String::concat)
                        .thenAccept(value -> action.run());
            }
        },
        MINIMAL_COMPLETION_STAGE {
            @Override
            CompletableFuture<?> chain(CompletableFuture<String> future, Runnable action) {
                return future.minimalCompletionStage().thenAccept(value -> action.run()).toCompletableFuture();
            }
        };

        abstract CompletableFuture<?> chain(CompletableFuture<String> future, Runnable action);
    }

    @ParameterizedTest
    @EnumSource(Chaining.class)
    @DisplayName("nothing chained: it seals; a stage chained while sealed waits for the completion and runs on its own thread")
    void sealedChainingRunsOnTheChainingThread(Chaining chaining) throws Exception {
        var future = new OpFuture<String>(() -> 0, () -> { }, TimeUnit.MINUTES.toNanos(1));
        assertThat(future.sealIfNoDependents()).isTrue();
        var ranOn = new AtomicReference<Thread>();
        var chained = new AtomicReference<CompletableFuture<?>>();
        Thread chainer = new Thread(() -> chained.set(chaining.chain(future, () -> ranOn.set(Thread.currentThread()))));
        chainer.start();
        // While sealed, the chaining thread waits instead of pushing its stage onto the future, so
        // the thread completing it cannot be handed the stage's action.
        Awaitility.await().during(Duration.ofMillis(200)).atMost(Duration.ofSeconds(5))
                .until(() -> future.getNumberOfDependents() == 0);
        assertThat(chainer.isAlive()).isTrue();
        future.complete("done");
        chainer.join(TimeUnit.SECONDS.toMillis(30));
        assertThat(ranOn.get()).isSameAs(chainer);
        assertThat(chained.get()).isDone();
    }

    @Test
    @DisplayName("a thread about to park on it, or on a future derived from it, first makes sure a runner is coming; one that need not park does not")
    void parkingWaitersCallBeforeBlocking() throws Exception {
        var calls = new java.util.concurrent.atomic.AtomicInteger();
        var future = new OpFuture<String>(() -> 0, calls::incrementAndGet);
        assertThatThrownBy(() -> future.get(1, TimeUnit.MILLISECONDS))
                .isInstanceOf(java.util.concurrent.TimeoutException.class);
        assertThat(calls).as("get(timeout) on an incomplete future").hasValue(1);
        var derived = future.thenApply(String::length);
        var waiters = java.util.concurrent.Executors.newFixedThreadPool(3);
        try {
            var joined = waiters.submit(() -> future.join());
            var got = waiters.submit(() -> future.get());
            var derivedJoined = waiters.submit(() -> derived.join());
            Awaitility.await().atMost(Duration.ofSeconds(30)).untilAtomic(calls, org.hamcrest.Matchers.is(4));
            future.complete("four");
            assertThat(joined.get(30, TimeUnit.SECONDS)).isEqualTo("four");
            assertThat(got.get(30, TimeUnit.SECONDS)).isEqualTo("four");
            assertThat(derivedJoined.get(30, TimeUnit.SECONDS)).isEqualTo(4);
        } finally {
            waiters.shutdownNow();
        }
        future.join();
        future.get();
        future.get(1, TimeUnit.SECONDS);
        assertThat(calls).as("waits on a complete future never park").hasValue(4);
    }

    @Test
    @DisplayName("something chained, or a thread waiting: it does not seal, and chaining goes on as usual")
    void chainedDoesNotSeal() {
        var withStage = new OpFuture<String>();
        CompletableFuture<Integer> length = withStage.thenApply(String::length);
        assertThat(withStage.sealIfNoDependents()).isFalse();
        withStage.complete("four");
        assertThat(length.join()).isEqualTo(4);

        var depended = new OpFuture<String>();
        depended.whenComplete((value, failure) -> { });
        assertThat(depended.sealIfNoDependents()).as("a stage once chained").isFalse();

        var combined = new OpFuture<String>();
        CompletableFuture<String> other = new CompletableFuture<>();
        other.thenCombine(combined, String::concat);
        assertThat(combined.sealIfNoDependents()).as("a stage pushed by another future").isFalse();
    }

    @Test
    @DisplayName("asked for by thenCompose, thenCombine or minimalCompletionStage, it counts as depended on and does not seal")
    void pushedFromElsewhereDoesNotSeal() {
        var composed = new OpFuture<String>();
        CompletableFuture<String> outer = CompletableFuture.completedFuture("x").thenCompose(x -> composed);
        assertThat(composed.sealIfNoDependents()).as("the future a thenCompose function returned").isFalse();
        composed.complete("y");
        assertThat(outer.join()).isEqualTo("y");

        var combined = new OpFuture<String>();
        new CompletableFuture<String>().thenCombine(combined, String::concat);
        assertThat(combined.sealIfNoDependents()).as("the other side of thenCombine").isFalse();

        var asked = new OpFuture<String>();
        asked.toCompletableFuture();
        assertThat(asked.sealIfNoDependents()).as("asked for toCompletableFuture, nothing pushed yet").isFalse();

        var minimal = new OpFuture<String>();
        minimal.minimalCompletionStage();
        assertThat(minimal.sealIfNoDependents()).as("minimalCompletionStage").isFalse();
    }

    @Test
    @DisplayName("a sealed future that is never completed holds up a chaining thread for a bounded time only")
    void sealedWaitIsBounded() throws Exception {
        var future = new OpFuture<String>(() -> 0, () -> { }, TimeUnit.MILLISECONDS.toNanos(10));
        assertThat(future.sealIfNoDependents()).isTrue();
        var chained = CompletableFuture.supplyAsync(() -> future.thenApply(String::length));
        CompletableFuture<Integer> length = chained.get(30, TimeUnit.SECONDS);
        assertThat(length).isNotDone();
        future.complete("four");
        assertThat(length.join()).isEqualTo(4);
    }

    /** Ways an operation's future gets completed, each with what join() then returns or throws. */
    enum Completion {
        COMPLETE {
            @Override
            void apply(OpFuture<String> future) {
                future.complete("done");
            }
        },
        COMPLETE_EXCEPTIONALLY {
            @Override
            void apply(OpFuture<String> future) {
                future.completeExceptionally(new IllegalStateException("failed"));
            }
        },
        CANCEL {
            @Override
            void apply(OpFuture<String> future) {
                future.cancel(false);
            }
        },
        OBTRUDE_VALUE {
            @Override
            void apply(OpFuture<String> future) {
                future.obtrudeValue("done");
            }
        },
        OBTRUDE_EXCEPTION {
            @Override
            void apply(OpFuture<String> future) {
                future.obtrudeException(new IllegalStateException("failed"));
            }
        },
        COMPLETE_ASYNC {
            @Override
            void apply(OpFuture<String> future) {
                future.completeAsync(() -> "done");
            }
        },
        COMPLETE_ASYNC_FAILING {
            @Override
            void apply(OpFuture<String> future) {
                future.completeAsync(() -> {
                    throw new IllegalStateException("failed");
                }, Runnable::run);
            }
        },
        OR_TIMEOUT {
            @Override
            void apply(OpFuture<String> future) {
                future.orTimeout(1, TimeUnit.MILLISECONDS);
            }
        },
        COMPLETE_ON_TIMEOUT {
            @Override
            void apply(OpFuture<String> future) {
                future.completeOnTimeout("done", 1, TimeUnit.MILLISECONDS);
            }
        };

        abstract void apply(OpFuture<String> future);
    }

    /** Starts a thread joining {@code future} and returns once it is parked in join(). */
    private static java.util.concurrent.FutureTask<Object> joining(OpFuture<String> future) {
        var task = new java.util.concurrent.FutureTask<Object>(() -> {
            try {
                return future.join();
            } catch (RuntimeException e) {
                return e.getClass().getSimpleName() + ": " + (e.getCause() == null ? "" : e.getCause().getClass().getSimpleName());
            }
        });
        var thread = new Thread(task, "joiner");
        thread.start();
        Awaitility.await().atMost(Duration.ofSeconds(30)).until(() -> thread.getState() == Thread.State.WAITING);
        return task;
    }

    @ParameterizedTest
    @EnumSource(Completion.class)
    @DisplayName("a thread blocked in join() is woken by every way the future completes, with join()'s own outcome")
    void joinWokenByEveryCompletion(Completion completion) throws Exception {
        var future = new OpFuture<String>(() -> 0, () -> { });
        var joined = joining(future);
        completion.apply(future);
        Object outcome = joined.get(30, TimeUnit.SECONDS);
        // What join() on the completed future gives, which a blocked join() must give too.
        assertThat(outcome).isEqualTo(outcomeOf(future));
        // JDK 17 rethrows a cancellation as it is; newer JDKs wrap it in a fresh
        // CancellationException whose cause is the original.
        assertThat(outcome).isIn("done", "CompletionException: IllegalStateException",
                "CompletionException: TimeoutException", "CancellationException: ",
                "CancellationException: CancellationException");
    }

    private static Object outcomeOf(CompletableFuture<String> done) {
        try {
            return done.join();
        } catch (RuntimeException e) {
            return e.getClass().getSimpleName() + ": " + (e.getCause() == null ? "" : e.getCause().getClass().getSimpleName());
        }
    }

    @Test
    @DisplayName("a thread blocked in join() does not keep the future from being sealed: it only needs waking")
    void joinerDoesNotCountAsChained() throws Exception {
        var future = new OpFuture<String>(() -> 0, () -> { });
        var joined = joining(future);
        assertThat(future.sealIfNoDependents()).isTrue();
        future.complete("done");
        assertThat(joined.get(30, TimeUnit.SECONDS)).isEqualTo("done");
        // get() still counts: the JDK's stack holds its waiter like any dependent.
        var other = new OpFuture<String>(() -> 0, () -> { });
        var waiting = new Thread(() -> {
            try {
                other.get();
            } catch (Exception ignored) {
                // Ends when completed below.
            }
        });
        waiting.start();
        Awaitility.await().atMost(Duration.ofSeconds(30)).until(() -> waiting.getState() == Thread.State.WAITING);
        assertThat(other.sealIfNoDependents()).isFalse();
        other.complete("done");
        waiting.join(30_000);
    }

    @Test
    @DisplayName("join() is not interruptible, as CompletableFuture's: an interrupted joiner waits on and keeps its interrupt status")
    void joinKeepsWaitingWhenInterrupted() throws Exception {
        var future = new OpFuture<String>(() -> 0, () -> { });
        var interruptedAfter = new AtomicReference<Boolean>();
        var result = new AtomicReference<String>();
        var thread = new Thread(() -> {
            result.set(future.join());
            interruptedAfter.set(Thread.currentThread().isInterrupted());
        });
        thread.start();
        Awaitility.await().atMost(Duration.ofSeconds(30)).until(() -> thread.getState() == Thread.State.WAITING);
        thread.interrupt();
        // Still waiting, not spinning on its interrupt: it parks again.
        Awaitility.await().atMost(Duration.ofSeconds(30)).until(() -> thread.getState() == Thread.State.WAITING);
        assertThat(result.get()).isNull();
        future.complete("done");
        thread.join(30_000);
        assertThat(result.get()).isEqualTo("done");
        assertThat(interruptedAfter.get()).isTrue();
    }

    @Test
    @DisplayName("several threads blocked in join() are all woken, and a derived stage's join waits the JDK's way")
    void everyJoinerWoken() throws Exception {
        var future = new OpFuture<String>(() -> 0, () -> { });
        var first = joining(future);
        var second = joining(future);
        var derived = future.thenApply(String::length);
        assertThat(future.getNumberOfDependents()).as("only the derived stage is on the JDK's stack").isEqualTo(1);
        future.complete("done");
        assertThat(first.get(30, TimeUnit.SECONDS)).isEqualTo("done");
        assertThat(second.get(30, TimeUnit.SECONDS)).isEqualTo("done");
        assertThat(derived.join()).isEqualTo(4);
    }

    @Test
    @DisplayName("a ForkJoinPool worker blocked in join() lets the pool compensate, as CompletableFuture.join() does")
    void joinOnForkJoinWorkerIsManaged() throws Exception {
        var future = new OpFuture<String>(() -> 0, () -> { });
        var pool = new java.util.concurrent.ForkJoinPool(1);
        try {
            var worker = new AtomicReference<Thread>();
            var joined = pool.submit(() -> {
                worker.set(Thread.currentThread());
                return future.join();
            });
            Awaitility.await().atMost(Duration.ofSeconds(30)).until(() -> worker.get() != null
                    && worker.get().getState() == Thread.State.WAITING);
            // With its only worker blocked, the pool must still run this: it compensates with another.
            var other = pool.submit(() -> "ran");
            assertThat(other.get(30, TimeUnit.SECONDS)).isEqualTo("ran");
            future.complete("done");
            assertThat(joined.get(30, TimeUnit.SECONDS)).isEqualTo("done");
        } finally {
            pool.shutdownNow();
        }
    }

    @Test
    @DisplayName("the completion methods answer as CompletableFuture's do: true only for the call that completed it, and completeAsync returns the future itself")
    void completionMethodsAnswerAsTheJdks() throws Exception {
        var completed = new OpFuture<String>(() -> 0, () -> { });
        assertThat(completed.complete("done")).isTrue();
        assertThat(completed.complete("again")).isFalse();
        assertThat(completed.completeExceptionally(new IllegalStateException())).isFalse();
        assertThat(completed.cancel(false)).isFalse();
        var failed = new OpFuture<String>(() -> 0, () -> { });
        assertThat(failed.completeExceptionally(new IllegalStateException("failed"))).isTrue();
        assertThat(failed.complete("late")).isFalse();
        var cancelled = new OpFuture<String>(() -> 0, () -> { });
        assertThat(cancelled.cancel(false)).isTrue();
        assertThat(cancelled.isCancelled()).isTrue();
        var async = new OpFuture<String>(() -> 0, () -> { });
        assertThat(async.completeAsync(() -> "done")).isSameAs(async);
        assertThat(async.get(30, TimeUnit.SECONDS)).isEqualTo("done");
        var direct = new OpFuture<String>(() -> 0, () -> { });
        assertThat(direct.completeAsync(() -> "done", Runnable::run)).isSameAs(direct);
        assertThat(direct.getNow(null)).isEqualTo("done");
    }
}
