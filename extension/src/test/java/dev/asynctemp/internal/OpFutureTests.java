package dev.asynctemp.internal;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicReference;
import org.awaitility.Awaitility;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;

@DisplayName("OpFuture: sealed for a completion that runs no code of anyone's")
class OpFutureTests {

    @Test
    @DisplayName("nothing chained: it seals; a stage chained while sealed waits for the completion and runs on its own thread")
    void sealedChainingRunsOnTheChainingThread() throws Exception {
        var future = new OpFuture<String>(() -> 0, () -> { }, TimeUnit.MINUTES.toNanos(1));
        assertThat(future.sealIfNoDependents()).isTrue();
        var ranOn = new AtomicReference<Thread>();
        var chained = new AtomicReference<CompletableFuture<Void>>();
        Thread chaining = new Thread(() -> chained.set(future.thenAccept(value -> ranOn.set(Thread.currentThread()))));
        chaining.start();
        // While sealed, the chaining thread waits instead of pushing its stage onto the future, so
        // the thread completing it cannot be handed the stage's action.
        Awaitility.await().during(Duration.ofMillis(200)).atMost(Duration.ofSeconds(5))
                .until(() -> future.getNumberOfDependents() == 0);
        assertThat(chaining.isAlive()).isTrue();
        future.complete("done");
        chaining.join(TimeUnit.SECONDS.toMillis(30));
        assertThat(ranOn.get()).isSameAs(chaining);
        assertThat(chained.get()).isDone();
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
}
