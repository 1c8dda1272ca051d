package dev.asynctemp.internal;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;

/**
 * A file's futures complete in the order their tasks released the file: checked one step at a time,
 * on the test's thread, with the futures standing for the tasks.
 */
@DisplayName("CompletionOrder")
class CompletionOrderTests {

    private final CompletionOrder order = new CompletionOrder();

    @Test
    @DisplayName("a future whose predecessor is still completing completes right after it, on its thread, bound to its own test")
    void chainedBehindAnIncompletePredecessor() {
        Scope scope = Ledger.openScope("[test:completion-order]", "completion order", null);
        Scopes.Carried carried;
        Scopes.Restore bound = Scopes.bind(scope);
        try {
            carried = Scopes.carry(() -> "read() on TestFile /x");
        } finally {
            bound.close();
        }
        var first = new CompletableFuture<String>();
        var second = new CompletableFuture<String>();
        assertThat(order.enter(first)).isNull();
        assertThat(order.enter(second)).isSameAs(first);
        var seen = new ArrayList<String>();
        order.complete(first, carried, second, () -> {
            seen.add("second completed, first done: " + first.isDone() + ", bound: " + (Scopes.current() == scope));
            second.complete("second");
        });
        assertThat(second).as("waits for the first").isNotDone();
        assertThat(scope.inFlight()).containsExactly("read() on TestFile /x");

        first.complete("first");
        assertThat(seen).containsExactly("second completed, first done: true, bound: true");
        assertThat(second).isCompletedWithValue("second");
        assertThat(Scopes.current()).as("the completing thread's binding afterwards").isNull();
        assertThat(scope.inFlight()).as("the carried work ended").isEmpty();
        assertThat(order.enter(new CompletableFuture<>())).as("the completed future is forgotten").isNull();
        scope.close();
        assertThat(scope.seal()).isEmpty();
    }

    @Test
    @DisplayName("a future that completes forgets only itself: one that entered after it stays in line")
    void forgetsOnlyItself() {
        var first = new CompletableFuture<String>();
        var second = new CompletableFuture<String>();
        order.enter(first);
        order.enter(second);
        List<String> ran = new ArrayList<>();
        order.complete(null, Scopes.Carried.NONE, first, () -> {
            ran.add("first");
            first.complete("first");
        });
        assertThat(ran).containsExactly("first");
        var third = new CompletableFuture<String>();
        assertThat(order.enter(third)).as("second has not completed: the third completes after it").isSameAs(second);
    }

    @Test
    @DisplayName("with its predecessor complete, a future completes at once")
    void completePredecessorCompletesAtOnce() {
        var done = CompletableFuture.completedFuture("done");
        var next = new CompletableFuture<String>();
        order.enter(next);
        order.complete(done, Scopes.Carried.NONE, next, () -> next.complete("next"));
        assertThat(next).isCompletedWithValue("next");
        assertThat(order.enter(new CompletableFuture<>())).isNull();
    }
}
