package dev.asynctemp.internal;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ForkJoinPool;
import java.util.concurrent.atomic.AtomicReference;
import java.util.function.Supplier;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;

/**
 * Who a creation is pinned on, decided from the thread's binding: the attribution rules of the
 * leak detector, one decision at a time, without a test engine in between.
 */
@DisplayName("Attribution of a creation")
class ScopesTests {

    private final List<Scope> opened = new ArrayList<>();

    private Scope open(String name) {
        Scope scope = Ledger.openScope("[" + name + "]", name + "()", null);
        opened.add(scope);
        return scope;
    }

    @AfterEach
    void sealAll() {
        opened.forEach(Scope::seal);
    }

    /** Runs {@code body} on this thread bound to {@code scope} as a test's own thread. */
    static <T> T bound(Scope scope, Supplier<T> body) {
        Scopes.Restore restore = Scopes.bind(scope);
        try {
            return body.get();
        } finally {
            restore.close();
        }
    }

    /** Runs {@code body} on this thread as a worker doing what {@code carried} was submitted for. */
    private static <T> T resumed(Scopes.Carried carried, Supplier<T> body) {
        Scopes.Restore restore = carried.resume();
        try {
            return body.get();
        } finally {
            restore.close();
        }
    }

    /** Where a creation made now, on this thread, is pinned. */
    private static Attribution createHere() {
        return Ledger.capture().attribution();
    }

    /** What {@code inThread} returns on a thread started now, once that thread has ended. */
    private static Attribution onAThread(Supplier<Attribution> inThread) {
        var seen = new AtomicReference<Attribution>();
        var thread = new Thread(() -> seen.set(inThread.get()));
        thread.start();
        try {
            thread.join();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
        return seen.get();
    }

    @Test
    @DisplayName("a thread bound to no test: outside any test, and a test's thread unbound again is too")
    void outsideAnyTest() {
        Attribution unbound = onAThread(Scopes::attributeHere);
        assertThat(unbound).isInstanceOf(Attribution.Outside.class);
        assertThat(unbound.doubt()).isEqualTo("created outside any test");
        Scope scope = open("test");
        assertThat(bound(scope, () -> bound(null, Scopes::attributeHere))).isInstanceOf(Attribution.Outside.class);
        assertThat(bound(scope, Scopes::attributeHere)).isInstanceOf(Attribution.Certain.class);
    }

    @Test
    @DisplayName("the test's own thread: its test's, until the test ends; then uncertain, naming only tests since")
    void testThread() {
        Scope earlier = open("earlier");
        earlier.seal();
        Scope test = open("test");
        assertThat(bound(test, ScopesTests::createHere)).isEqualTo(new Attribution.Certain(test));
        test.close();
        Attribution late = bound(test, ScopesTests::createHere);
        assertThat(late.doubt()).startsWith("created after its test had ended");
        assertThat(late.candidates()).contains("test()").doesNotContain("earlier()");
    }

    @Test
    @DisplayName("a worker finishing a test's operation: the test's until its verdict, even after it ended")
    void worker() {
        Scope test = open("test");
        Scopes.Carried carried = bound(test, () -> Scopes.carry(() -> "an operation"));
        try {
            test.close();
            assertThat(resumed(carried, ScopesTests::createHere)).isEqualTo(new Attribution.Certain(test));
            test.seal();
            assertThat(resumed(carried, ScopesTests::createHere).doubt()).isEqualTo("finished after its test's verdict");
        } finally {
            carried.end();
        }
    }

    @Test
    @DisplayName("threads the test started, and theirs, are the test's while no other test ran")
    void descendantsOfALoneTest() {
        Scope test = open("test");
        assertThat(bound(test, () -> onAThread(ScopesTests::createHere))).isEqualTo(new Attribution.Certain(test));
        assertThat(bound(test, () -> onAThread(() -> onAThread(ScopesTests::createHere))))
                .isEqualTo(new Attribution.Certain(test));
    }

    @Test
    @DisplayName("a grandchild of a thread started while another test ran is uncertain, even once that test ended")
    void grandchildOfAThreadStartedAmongOthers() throws InterruptedException {
        Scope test = open("test");
        Scope other = open("other");
        var otherEnded = new CompletableFuture<Void>();
        var grandchild = new AtomicReference<Attribution>();
        Thread child = bound(test, () -> new Thread(() -> {
            otherEnded.join();
            grandchild.set(onAThread(ScopesTests::createHere));
        }));
        child.start();
        other.seal();
        otherEnded.complete(null);
        child.join();
        assertThat(grandchild.get()).isInstanceOf(Attribution.Uncertain.class);
        assertThat(grandchild.get().candidates()).contains("test()", "other()");
    }

    @Test
    @DisplayName("a pool's thread serves any test: uncertain; but JUnit's timeout thread runs one test's code")
    void poolThreads() {
        Scope test = open("test");
        for (String name : new String[] {"pool-thread", "junit-timeout-thread-1"}) {
            var pool = java.util.concurrent.Executors.newSingleThreadExecutor(task -> new Thread(task, name));
            try {
                Attribution attribution = bound(test,
                        () -> CompletableFuture.supplyAsync(ScopesTests::createHere, pool).join());
                if (name.startsWith("junit")) {
                    assertThat(attribution).as(name).isEqualTo(new Attribution.Certain(test));
                } else {
                    assertThat(attribution.doubt()).as(name).startsWith("created on a thread of a pool");
                }
            } finally {
                pool.shutdown();
            }
        }
    }

    @Test
    @DisplayName("work a callback submits, fired as the test's thread completes a future, is any test's")
    void callbackOnTheTestThread() {
        Scope test = open("test");
        var carried = new AtomicReference<Scopes.Carried>();
        bound(test, () -> {
            var future = new CompletableFuture<Void>();
            future.thenRun(() -> carried.set(Scopes.carry(() -> "submitted by a callback")));
            return future.complete(null);
        });
        try {
            assertThat(resumed(carried.get(), ScopesTests::createHere).doubt())
                    .startsWith("created by a callback that completing a future ran on this test's thread");
        } finally {
            carried.get().end();
        }
    }

    @Test
    @DisplayName("work a worker submits to finish its test's operation is awaited by the verdict; the test's own, not")
    void workSubmittedAfterTheEnd() {
        Scope test = open("test");
        Scopes.Carried worker = bound(test, () -> Scopes.carry(() -> "an operation"));
        worker.end();
        test.close();
        Scopes.Carried fromTheWorker = resumed(worker, () -> Scopes.carry(() -> "its next step"));
        assertThat(test.quiet()).as("quiet while the worker's next step runs").isFalse();
        fromTheWorker.end();
        assertThat(test.quiet()).isTrue();
        bound(test, () -> Scopes.carry(() -> "started by the test's thread after its end"));
        assertThat(test.quiet()).as("quiet with work the ended test's thread started").isTrue();
    }

    @Test
    @DisplayName("a fork-join pool's thread serves any test: uncertain")
    void forkJoinThread() {
        Scope test = open("test");
        var pool = new ForkJoinPool(1);
        try {
            Attribution attribution = bound(test, () -> pool.submit(ScopesTests::createHere).join());
            assertThat(attribution.doubt()).startsWith("created on a fork-join pool thread");
            assertThat(attribution.candidates()).contains("test()");
        } finally {
            pool.shutdown();
        }
    }

    @Test
    @DisplayName("work in flight is named as it describes itself, or after its test if that fails")
    void workInFlight() {
        Scope test = open("test");
        Scope.Work described = test.begin(() -> "writing 3 bytes");
        Scope.Work undescribable = test.begin(() -> {
            throw new IllegalStateException("no description");
        });
        assertThat(test.quiet()).isFalse();
        assertThat(test.inFlight()).containsExactlyInAnyOrder("writing 3 bytes", "work of test()");
        described.end();
        undescribable.end();
        assertThat(test.quiet()).isTrue();
    }
}
