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
 * </pre>
 */
public final class HandOffProfile {

    private HandOffProfile() {
    }

    public static void main(String[] args) throws IOException {
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
