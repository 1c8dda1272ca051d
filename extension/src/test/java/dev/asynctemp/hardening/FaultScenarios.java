package dev.asynctemp.hardening;

import static dev.asynctemp.AsyncTempfile.mkstemp;
import static dev.asynctemp.AsyncTempfile.namedTemporaryFile;
import static dev.asynctemp.AsyncTempfile.spooledTemporaryFile;

import dev.asynctemp.MkstempFile;
import dev.asynctemp.Mode;
import dev.asynctemp.OpenDescriptors;
import dev.asynctemp.TempOptions;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
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
        report("named", () -> namedTemporaryFile(Mode.TEXT, options).join());
        for (MkstempFile file : made) {
            file.close();
            Files.delete(file.path());
        }
        System.out.println("created-before-limit=" + made.size());
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
