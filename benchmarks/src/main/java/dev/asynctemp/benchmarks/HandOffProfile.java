package dev.asynctemp.benchmarks;

import dev.asynctemp.AsyncTempfile;
import dev.asynctemp.Mode;
import dev.asynctemp.TempOptions;
import dev.asynctemp.TemporaryFile;
import java.io.IOException;
import java.lang.management.ManagementFactory;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.stream.Stream;

/**
 * Where the time of an awaited operation goes: runs the 4 KiB round trip of
 * {@link AsyncIoBenchmark} (write, seek, read, each awaited) and counts, per round trip, the
 * threads' context switches (voluntary ones are parks: a thread that found nothing to do), the CPU
 * time of the whole process, and the wall time, against a plain {@link FileChannel}. Linux only
 * (it reads {@code /proc/self/task/}*{@code /status}).
 *
 * <pre>
 * java -cp benchmarks/target/classes:extension/target/classes dev.asynctemp.benchmarks.HandOffProfile [round trips]
 * java -cp ... dev.asynctemp.benchmarks.HandOffProfile large [transfers]
 * </pre>
 *
 * <p>With {@code large}, the same counts per sequential transfer of
 * {@link AsyncIoBenchmark#largeWriteReadAsync()} (64 MiB each way in 1 MiB operations), against the
 * channel reading into the same rotating buffers (which costs it no more than reading into one).
 */
public final class HandOffProfile {

    private HandOffProfile() {
    }

    public static void main(String[] args) throws IOException {
        if (args.length > 0 && args[0].equals("large")) {
            large(args.length > 1 ? Integer.parseInt(args[1]) : 200);
            return;
        }
        int n = args.length > 0 ? Integer.parseInt(args[0]) : 100_000;
        Path dir = Path.of(System.getProperty("java.io.tmpdir"));
        byte[] data = new byte[AsyncIoBenchmark.SMALL];
        ByteBuffer buffer = ByteBuffer.allocate(AsyncIoBenchmark.SMALL);
        var os = (com.sun.management.OperatingSystemMXBean) ManagementFactory.getOperatingSystemMXBean();
        try (var channel = FileChannel.open(Files.createTempFile(dir, "handoff", ""), StandardOpenOption.READ,
                StandardOpenOption.WRITE, StandardOpenOption.DELETE_ON_CLOSE);
                TemporaryFile<byte[]> file = AsyncTempfile.temporaryFile(Mode.BINARY,
                        TempOptions.defaults().withDir(dir)).join()) {
            System.out.println("round trip | wall µs | CPU µs (all threads) | voluntary switches | involuntary");
            for (int round = 0; round < 5; round++) {
                long[] before = switches();
                long cpu = os.getProcessCpuTime();
                long start = System.nanoTime();
                for (int i = 0; i < n; i++) {
                    file.write(data).join();
                    file.seek(0).join();
                    file.read(AsyncIoBenchmark.SMALL).join();
                }
                report("TemporaryFile", n, start, cpu, before, os);
                before = switches();
                cpu = os.getProcessCpuTime();
                start = System.nanoTime();
                for (int i = 0; i < n; i++) {
                    AsyncIoBenchmark.writeFully(channel, ByteBuffer.wrap(data), 0);
                    buffer.clear();
                    AsyncIoBenchmark.readFully(channel, buffer, 0);
                }
                report("FileChannel", n, start, cpu, before, os);
            }
        }
    }

    /** The counts per sequential transfer: see the class comment. */
    private static void large(int n) throws IOException {
        Path dir = Path.of(System.getProperty("java.io.tmpdir"));
        byte[] data = new byte[AsyncIoBenchmark.LARGE];
        ByteBuffer[] rotating = new ByteBuffer[4];
        for (int i = 0; i < rotating.length; i++) {
            rotating[i] = ByteBuffer.allocate(AsyncIoBenchmark.LARGE);
        }
        var os = (com.sun.management.OperatingSystemMXBean) ManagementFactory.getOperatingSystemMXBean();
        try (var channel = FileChannel.open(Files.createTempFile(dir, "handoff", ""), StandardOpenOption.READ,
                StandardOpenOption.WRITE, StandardOpenOption.DELETE_ON_CLOSE);
                TemporaryFile<byte[]> file = AsyncTempfile.temporaryFile(Mode.BINARY,
                        TempOptions.defaults().withDir(dir)).join()) {
            System.out.println("transfer | wall µs | CPU µs (all threads) | voluntary switches | involuntary");
            var inFlight = new java.util.ArrayList<java.util.concurrent.CompletableFuture<Integer>>(
                    java.util.Collections.nCopies(rotating.length, null));
            for (int round = 0; round < 5; round++) {
                long[] before = switches();
                long cpu = os.getProcessCpuTime();
                long start = System.nanoTime();
                for (int t = 0; t < n; t++) {
                    AsyncIoBenchmark.transfer(file, data, rotating, inFlight);
                }
                report("TemporaryFile", n, start, cpu, before, os);
                before = switches();
                cpu = os.getProcessCpuTime();
                start = System.nanoTime();
                for (int t = 0; t < n; t++) {
                    for (int i = 0; i < AsyncIoBenchmark.CHUNKS; i++) {
                        AsyncIoBenchmark.writeFully(channel, ByteBuffer.wrap(data), (long) i * AsyncIoBenchmark.LARGE);
                    }
                    for (int i = 0; i < AsyncIoBenchmark.CHUNKS; i++) {
                        ByteBuffer buffer = rotating[i % rotating.length];
                        buffer.clear();
                        AsyncIoBenchmark.readFully(channel, buffer, (long) i * AsyncIoBenchmark.LARGE);
                    }
                }
                report("FileChannel", n, start, cpu, before, os);
            }
        }
    }

    private static void report(String what, int n, long start, long cpu, long[] before,
            com.sun.management.OperatingSystemMXBean os) throws IOException {
        double wall = (System.nanoTime() - start) / 1e3 / n;
        double cpuTime = (os.getProcessCpuTime() - cpu) / 1e3 / n;
        long[] after = switches();
        System.out.printf("%-13s | %7.2f | %7.2f | %5.2f | %5.2f%n", what, wall, cpuTime,
                (after[0] - before[0]) / (double) n, (after[1] - before[1]) / (double) n);
    }

    /** Voluntary and involuntary context switches of every thread of this process so far. */
    private static long[] switches() throws IOException {
        long voluntary = 0;
        long involuntary = 0;
        try (Stream<Path> tasks = Files.list(Path.of("/proc/self/task"))) {
            for (Path task : tasks.toList()) {
                try {
                    for (String line : Files.readAllLines(task.resolve("status"))) {
                        if (line.startsWith("voluntary_ctxt_switches")) {
                            voluntary += Long.parseLong(line.split("\\s+")[1]);
                        } else if (line.startsWith("nonvoluntary_ctxt_switches")) {
                            involuntary += Long.parseLong(line.split("\\s+")[1]);
                        }
                    }
                } catch (IOException threadEnded) {
                    // The thread ended meanwhile; its switches are gone with it.
                }
            }
        }
        return new long[] {voluntary, involuntary};
    }
}
