package dev.asynctemp.internal;

import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Set;
import java.util.WeakHashMap;

/**
 * Which threads could be running code that is not the current test's: the foreign-leak detector
 * pins a file on a test only if none could.
 *
 * <p>Known, and so innocent: the threads alive when the detector started (the JVM's, the build
 * tool's and JUnit's, before any test ran), JUnit's executor threads, asynctemp's own workers (they
 * run only work a test started, which its verdict awaits), the JDK's service threads (system
 * threads, its internal innocuous and carrier threads, a fork-join pool's delay scheduler, the
 * watch service's thread), and the thread asking. A callback the JDK runs on one of its service
 * threads (say, on {@code Process.onExit()}) is not seen. Any other live platform thread (one an earlier test left running, one a static
 * initialiser or a shared pool started) is a stray. Virtual threads are not listed by the JDK and
 * cannot be counted.
 */
final class ThreadCensus {

    /** The threads alive when the first test run of this JVM started, if someone noted them. */
    private static final Set<Thread> BEFORE_TESTS = Collections.newSetFromMap(new WeakHashMap<>());

    private final Set<Thread> baseline = Collections.newSetFromMap(new WeakHashMap<>());

    ThreadCensus() {
        synchronized (BEFORE_TESTS) {
            baseline.addAll(BEFORE_TESTS.isEmpty() ? List.of(all()) : BEFORE_TESTS);
        }
    }

    private ThreadCensus(Thread[] baseline) {
        this.baseline.addAll(List.of(baseline));
    }

    /** A census whose known threads are those alive now, whatever was noted before the tests. */
    static ThreadCensus asOfNow() {
        return new ThreadCensus(all());
    }

    /**
     * Notes the threads alive now, before any test runs, as the build's own; the first call in a JVM
     * counts. A census started later takes these as its baseline instead of the threads of its own
     * moment, so that a thread a static initialiser started in between is a stray.
     */
    static void noteThreadsBeforeTests() {
        synchronized (BEFORE_TESTS) {
            if (BEFORE_TESTS.isEmpty()) {
                BEFORE_TESTS.addAll(List.of(all()));
            }
        }
    }

    /** Names the live threads that are neither known nor {@code current}. */
    synchronized List<String> strays(Thread current) {
        var strays = new ArrayList<String>();
        for (Thread thread : all()) {
            if (thread != current && thread.isAlive() && !baseline.contains(thread) && !innocent(thread)) {
                strays.add(thread.getName());
            }
        }
        return strays;
    }

    private static boolean innocent(Thread thread) {
        ThreadGroup group = thread.getThreadGroup();
        String type = thread.getClass().getName();
        String name = thread.getName();
        return (group != null && group.getName().equals("system"))
                // The JDK's service threads (the cleaner, the process reaper, virtual-thread carriers
                // and unblockers) run JDK code; a fork-join pool's delay scheduler only hands tasks
                // over; the watch service's thread and the thread that applies its events are the
                // foreign-leak watch's own. Not so the common pool's workers
                // (InnocuousForkJoinWorkerThread), which run anyone's tasks.
                || type.startsWith("jdk.internal.")
                || type.equals("java.util.concurrent.DelayScheduler")
                || name.equals("FileSystemWatchService")
                || name.equals(ForeignWatch.DRAINER)
                || type.startsWith("org.junit.")
                || name.startsWith("asynctemp-worker-")
                || name.startsWith("junit-timeout-thread-");
    }

    private static Thread[] all() {
        ThreadGroup root = Thread.currentThread().getThreadGroup();
        while (root.getParent() != null) {
            root = root.getParent();
        }
        Thread[] threads = new Thread[root.activeCount() + 16];
        int n;
        while ((n = root.enumerate(threads, true)) == threads.length) {
            threads = new Thread[threads.length * 2];
        }
        return java.util.Arrays.copyOf(threads, n);
    }
}
