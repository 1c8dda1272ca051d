package dev.asynctemp.internal;

/**
 * When spinning pays, for one file: whether a runner of the library's own executor should stay hot
 * after its last task, and how long a caller blocked on the file's futures should watch before
 * parking. Both learn from the file's recent past, so that a file used in bursts or awaited call by
 * call gets the fast hand-over, and one used rarely, or for long operations, costs no CPU.
 *
 * <ul>
 *   <li>A caller watches for {@link Spin#WAIT_NANOS} while the file's operations lately took well
 *       under that (a moving average of their work), else parks at once.</li>
 *   <li>A runner stays hot for the queue's hot time ({@link Spin#HOT_NANOS}), unless the last
 *       {@value #MISSES_TO_STOP} hot spells saw no work come; it does again once work came soon
 *       enough after a runner went idle that a hot one would have caught it.</li>
 * </ul>
 *
 * <p>The hot-spell bookkeeping is guarded by the queue's lock; the work average is written only by
 * the task holding the queue.
 */
final class HotPolicy {

    /** Hot spells in a row that found no work, after which runners stop staying hot. */
    static final int MISSES_TO_STOP = 3;

    /** How long tasks' work took lately, in nanoseconds (a moving average). */
    private volatile long workNanos;
    private int misses;
    /** When the last runner stopped watching for work ({@link System#nanoTime()}). */
    private long idleSince;
    /** How long a runner stays hot, in nanoseconds: work coming sooner after it left was missed. */
    private final long hotNanos;

    HotPolicy(long hotNanos) {
        this.hotNanos = hotNanos;
    }

    /** Records the work of a task that ran on a runner; called by the holder only. */
    void workTook(long nanos) {
        workNanos += (nanos - workNanos) / 4;
    }

    /** How long a caller blocked on one of the file's futures watches it first, in nanoseconds. */
    long watchNanos() {
        return workNanos <= Spin.WAIT_NANOS / 2 ? Spin.WAIT_NANOS : 0;
    }

    /** Under the queue's lock: whether an idle runner should stay hot; if not, it goes idle now. */
    boolean stayHot() {
        if (misses < MISSES_TO_STOP) {
            return true;
        }
        idleSince = System.nanoTime();
        return false;
    }

    /** Under the queue's lock: a hot spell ended; {@code caught} tells whether work came. */
    void hotSpellEnded(boolean caught) {
        if (caught) {
            misses = 0;
        } else {
            misses++;
            idleSince = System.nanoTime();
        }
    }

    /** Under the queue's lock: work came with no runner hot; resume staying hot if one would have caught it. */
    void workCameCold() {
        if (misses >= MISSES_TO_STOP && System.nanoTime() - idleSince < hotNanos) {
            misses = 0;
        }
    }
}
