package dev.asynctemp.junit;

import static dev.asynctemp.AsyncTempfile.temporaryFile;
import static org.assertj.core.api.Assertions.assertThat;

import dev.asynctemp.OpenDescriptors;

import java.io.IOException;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.Map;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.logging.Handler;
import java.util.logging.Level;
import java.util.logging.LogRecord;
import java.util.logging.Logger;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.condition.EnabledIf;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.io.TempDir;
import org.junit.platform.testkit.engine.EngineExecutionResults;

@DisplayName("What a verdict does with a leak")
class LeakOutcomeTests {

    @TempDir
    Path root;

    private EngineExecutionResults run(String... keyValues) {
        var configuration = new HashMap<String, String>(Map.of(AsyncTempExtension.TMPDIR_KEY, root.toString(),
                AsyncTempExtension.LEAK_GRACE_KEY, "0"));
        for (int i = 0; i < keyValues.length; i += 2) {
            configuration.put(keyValues[i], keyValues[i + 1]);
        }
        return Kit.run(LeaksAFileObjectTestCase.class, configuration);
    }

    @ExtendWith(AsyncTempExtension.class)
    static class LeaksAFileObjectTestCase {
        @Test
        void leaks() {
            temporaryFile().join();
        }
    }

    static boolean procFd() {
        return OpenDescriptors.shown();
    }

    @Test
    @DisplayName("a file object leaked open has its descriptor closed when the leak is removed")
    @EnabledIf("procFd")
    void closesWhatItRemoves() throws IOException {
        var results = run();
        assertThat(Kit.failureOf(results, "leaks")).isInstanceOf(TempFileLeakException.class);
        assertThat(OpenDescriptors.under(root)).isEmpty();
    }

    @Test
    @DisplayName("warn mode logs the leak as a warning, besides its report entry")
    void warnModeLogs() {
        // The suite's logging configuration silences this logger; listen to it here only.
        Logger logger = Logger.getLogger("dev.asynctemp.leaks");
        Level level = logger.getLevel();
        boolean parents = logger.getUseParentHandlers();
        var records = new ConcurrentLinkedQueue<LogRecord>();
        Handler handler = new Handler() {
            @Override
            public void publish(LogRecord record) {
                records.add(record);
            }

            @Override
            public void flush() {
            }

            @Override
            public void close() {
            }
        };
        logger.setLevel(Level.WARNING);
        logger.setUseParentHandlers(false);
        logger.addHandler(handler);
        try {
            run(AsyncTempExtension.LEAKS_KEY, "warn").testEvents().assertStatistics(s -> s.succeeded(1));
        } finally {
            logger.removeHandler(handler);
            logger.setUseParentHandlers(parents);
            logger.setLevel(level);
        }
        assertThat(records).singleElement().satisfies(record -> {
            assertThat(record.getLevel()).isEqualTo(Level.WARNING);
            assertThat(record.getMessage()).startsWith("1 temporary artifact leaked by this test (asynctemp leak "
                    + "detector in warn mode");
        });
    }
}
