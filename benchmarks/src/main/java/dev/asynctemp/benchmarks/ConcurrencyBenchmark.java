package dev.asynctemp.benchmarks;

import dev.asynctemp.AsyncTempfile;
import dev.asynctemp.MkstempFile;
import dev.asynctemp.TempOptions;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.State;

/**
 * 10,000 temporary files created and deleted: through the async API, all requested at once and
 * awaited together, against a sequential loop of {@code Files.createTempFile} and delete.
 */
@State(Scope.Benchmark)
@BenchmarkMode(org.openjdk.jmh.annotations.Mode.SingleShotTime)
@OutputTimeUnit(TimeUnit.MILLISECONDS)
public class ConcurrencyBenchmark {

    static final int FILES = 10_000;

    @Benchmark
    public int asyncMkstempAndDelete() throws IOException {
        var options = TempOptions.defaults();
        List<CompletableFuture<Path>> created = new ArrayList<>(FILES);
        for (int i = 0; i < FILES; i++) {
            created.add(AsyncTempfile.mkstemp(options).thenApply(ConcurrencyBenchmark::closeAndDelete));
        }
        CompletableFuture.allOf(created.toArray(CompletableFuture[]::new)).join();
        return created.size();
    }

    @Benchmark
    public int sequentialCreateTempFileAndDelete() throws IOException {
        Path dir = Path.of(System.getProperty("java.io.tmpdir"));
        for (int i = 0; i < FILES; i++) {
            Files.delete(Files.createTempFile(dir, "tmp", ""));
        }
        return FILES;
    }

    private static Path closeAndDelete(MkstempFile made) {
        try {
            made.close();
            Files.delete(made.path());
            return made.path();
        } catch (IOException e) {
            throw new java.io.UncheckedIOException(e);
        }
    }
}
