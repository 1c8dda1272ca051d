package dev.asynctemp.benchmarks;

import dev.asynctemp.AsyncTempfile;
import dev.asynctemp.Mode;
import dev.asynctemp.NamedTemporaryFile;
import dev.asynctemp.SpooledTemporaryFile;
import dev.asynctemp.TempOptions;
import java.util.concurrent.TimeUnit;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.State;

/**
 * A 4 KiB round trip (create, write, seek, read, close) in a spooled file that stays below its
 * threshold, against the same in a {@link NamedTemporaryFile}, which lives on disk.
 */
@State(Scope.Thread)
@BenchmarkMode(org.openjdk.jmh.annotations.Mode.AverageTime)
@OutputTimeUnit(TimeUnit.MICROSECONDS)
public class SpooledBenchmark {

    private final byte[] data = new byte[4 * 1024];

    @Benchmark
    public byte[] spooledBelowThreshold() {
        try (SpooledTemporaryFile<byte[]> file = AsyncTempfile.spooledTemporaryFile(8 * 1024)) {
            file.write(data).join();
            file.seek(0).join();
            return file.read().join();
        }
    }

    @Benchmark
    public byte[] namedOnDisk() {
        try (NamedTemporaryFile<byte[]> file = AsyncTempfile.namedTemporaryFile(Mode.BINARY,
                TempOptions.defaults()).join()) {
            file.write(data).join();
            file.seek(0).join();
            return file.read().join();
        }
    }
}
