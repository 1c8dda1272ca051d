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
 * run only work a test started, which its verdict awaits), the JVM's system threads, the JDK's
 * thread behind the watch service, and the thread asking. Any other live platform thread (one an earlier test left running, one a static
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
        return (group != null && group.getName().equals("system"))
                || thread.getClass().getName().startsWith("org.junit.")
                || thread.getName().startsWith("asynctemp-worker-")
                || thread.getName().startsWith("junit-timeout-thread-")
                // The JDK's own thread behind the WatchService the foreign-leak watch uses.
                || thread.getName().equals("FileSystemWatchService")
                // The JDK's internal threads (carriers of virtual threads, unblockers, innocuous
                // threads) and its process reaper run no code of the tests'; the virtual threads on
                // carriers are not listed (see the class comment).
                || thread.getClass().getName().startsWith("jdk.internal.")
                || thread.getName().equals("process reaper")
                || thread.getName().equals("VirtualThread-unblocker");
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
