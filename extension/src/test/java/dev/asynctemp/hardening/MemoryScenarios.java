package dev.asynctemp.hardening;

import static dev.asynctemp.AsyncTempfile.namedTemporaryFile;
import static dev.asynctemp.AsyncTempfile.spooledTemporaryFile;

import dev.asynctemp.Mode;
import dev.asynctemp.TempOptions;
import dev.asynctemp.TemporaryFile;
import dev.asynctemp.Whence;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.Collections;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;

/**
 * Scenarios run in a child JVM with a small heap ({@code -Xmx64m}), each writing far more than the
 * heap with one {@code writelines} call whose elements are the same array or string many times;
 * each prints {@code key=value} lines that {@link MemoryTests} checks.
 */
public final class MemoryScenarios {

    static final int MIB = 1 << 20;

    private MemoryScenarios() {
    }

    public static void main(String[] args) throws Exception {
        var options = TempOptions.defaults().withDir(Path.of(args[1]));
        int elements = Integer.parseInt(args[2]);
        switch (args[0]) {
            case "spooled-binary" -> {
                byte[] element = new byte[MIB];
                Arrays.fill(element, (byte) 'x');
                run(spooledTemporaryFile(MIB, Mode.BINARY, options), Collections.nCopies(elements, element),
                        new byte[] {'!'});
            }
            case "spooled-text" -> run(spooledTemporaryFile(MIB, Mode.TEXT, options),
                    Collections.nCopies(elements, "x".repeat(MIB)), "!");
            case "named-binary" -> run(namedTemporaryFile(Mode.BINARY, options).join(),
                    Collections.nCopies(elements, new byte[MIB]), new byte[] {'!'});
            default -> throw new IllegalArgumentException(args[0]);
        }
    }

    private static <T> void run(TemporaryFile<T> file, List<T> payload, T more) {
        System.out.println("max-heap=" + Runtime.getRuntime().maxMemory());
        CompletableFuture<Void> writing;
        try {
            writing = file.writelines(payload);
        } catch (Throwable t) {
            System.out.println("writelines-threw=" + t);
            writing = null;
        }
        if (writing != null) {
            report("writelines", writing);
        }
        report("write-after", file.write(more));
        report("size", file.seek(0, Whence.END));
        if (file instanceof dev.asynctemp.SpooledTemporaryFile<?> spooled) {
            System.out.println("rolled=" + spooled.isRolledOver());
        }
        file.close();
        System.out.println("closed=" + file.isClosed());
    }

    private static void report(String what, CompletableFuture<?> future) {
        try {
            System.out.println(what + "=" + future.join());
        } catch (CompletionException e) {
            System.out.println(what + "=" + e.getCause());
        }
    }
}
