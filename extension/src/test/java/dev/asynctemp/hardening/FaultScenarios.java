package dev.asynctemp.hardening;

import static dev.asynctemp.AsyncTempfile.mkstemp;
import static dev.asynctemp.AsyncTempfile.namedTemporaryFile;
import static dev.asynctemp.AsyncTempfile.spooledTemporaryFile;

import dev.asynctemp.MkstempFile;
import dev.asynctemp.Mode;
import dev.asynctemp.OpenDescriptors;
import dev.asynctemp.TempOptions;
import java.io.IOException;
import java.nio.channels.FileChannel;
import java.nio.file.FileSystemException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.concurrent.CompletionException;
import java.util.stream.Stream;

/**
 * Scenarios run in a child JVM under a resource limit ({@code ulimit -f}, {@code ulimit -n});
 * each prints {@code key=value} lines that {@link FaultTests} checks.
 */
public final class FaultScenarios {

    private FaultScenarios() {
    }

    public static void main(String[] args) throws Exception {
        Path dir = Path.of(args[1]);
        var options = TempOptions.defaults().withDir(dir);
        switch (args[0]) {
            case "file-size" -> fileSize(options);
            case "open-files" -> openFiles(options);
            default -> throw new IllegalArgumentException(args[0]);
        }
        try (Stream<Path> left = Files.list(dir)) {
            System.out.println("left=" + left.count());
        }
        System.out.println("descriptors=" + OpenDescriptors.under(dir).size());
    }

    /** Under {@code ulimit -f 64} (64 KiB): a write past it, and a spooled rollover past it. */
    private static void fileSize(TempOptions options) {
        try (var file = namedTemporaryFile(Mode.BINARY, options).join()) {
            report("write", () -> file.write(new byte[256 * 1024]).join());
            System.out.println("write-then-usable=" + (file.seek(0).join() == 0 && file.write(new byte[1]).join() == 1));
        }
        // 100 KiB in memory: more than the limit, so the rollover's copy itself fails.
        var spooled = spooledTemporaryFile(128 * 1024, Mode.BINARY, options);
        byte[] data = new byte[100 * 1024];
        Arrays.fill(data, (byte) 7);
        spooled.write(data).join();
        report("rollover", () -> spooled.write(new byte[40 * 1024]).join());
        System.out.println("rolled=" + spooled.isRolledOver());
        spooled.seek(0).join();
        System.out.println("intact=" + Arrays.equals(spooled.read().join(), data));
        spooled.close();
    }

    /** Under {@code ulimit -n 64}: create until the limit, then close everything. */
    private static void openFiles(TempOptions options) throws Exception {
        var made = new ArrayList<MkstempFile>();
        try {
            for (int i = 0; i < 1_000; i++) {
                made.add(mkstemp(options).join());
            }
            System.out.println("mkstemp=no failure");
        } catch (CompletionException e) {
            System.out.println("mkstemp=" + e.getCause());
        }
        // The JVM's own threads hold descriptors for moments (a class read from a directory of the
        // class path), so the limit mkstemp met may have been one of theirs, and a slot may be
        // free again now: take every free slot, so the next creation meets the limit for certain.
        List<FileChannel> taken = takeFreeDescriptors();
        report("named", () -> namedTemporaryFile(Mode.TEXT, options).join());
        for (FileChannel channel : taken) {
            channel.close();
        }
        for (MkstempFile file : made) {
            file.close();
            Files.delete(file.path());
        }
        System.out.println("created-before-limit=" + made.size());
    }

    /** Opens {@code /dev/null} until the open-file limit refuses; returns what it opened. */
    private static List<FileChannel> takeFreeDescriptors() throws IOException {
        var taken = new ArrayList<FileChannel>();
        while (true) {
            try {
                taken.add(FileChannel.open(Path.of("/dev/null")));
            } catch (FileSystemException limit) {
                if (!String.valueOf(limit.getReason()).contains("Too many open files")) {
                    throw limit;
                }
                return taken;
            }
        }
    }

    private static void report(String what, Runnable action) {
        try {
            action.run();
            System.out.println(what + "=no failure");
        } catch (CompletionException e) {
            System.out.println(what + "=" + e.getCause());
        }
    }
}
