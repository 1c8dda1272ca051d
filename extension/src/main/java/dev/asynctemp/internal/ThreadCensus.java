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
 * run only work a test started, which its verdict awaits), the JVM's system threads, and the
 * thread asking. Any other live platform thread (one an earlier test left running, one a static
 * initialiser or a shared pool started) is a stray. Virtual threads are not listed by the JDK and
 * cannot be counted.
 */
final class ThreadCensus {

    private final Set<Thread> baseline = Collections.newSetFromMap(new WeakHashMap<>());

    ThreadCensus() {
        baseline.addAll(List.of(all()));
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
                || thread.getName().startsWith("junit-timeout-thread-");
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
