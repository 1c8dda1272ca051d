package dev.asynctemp.examples;

import static dev.asynctemp.AsyncTempfile.namedTemporaryFile;
import static dev.asynctemp.AsyncTempfile.options;
import static dev.asynctemp.AsyncTempfile.temporaryFile;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.asynctemp.FileClosedException;
import dev.asynctemp.Mode;
import dev.asynctemp.NamedTemporaryFile;
import dev.asynctemp.TemporaryFile;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletionException;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;

/** Reading line by line or into a buffer, and a named file reopened by name; cut into the README. */
@DisplayName("Reading and reopening")
class ReadingAndReopeningExamples {

    @Test
    @DisplayName("a named file handed to other code by name, then removed")
    void reopenByName() throws IOException {
        Path kept;
        try (var out = new Transcript("NamedTemporaryFile reopened by name")) {
            // snippet: reopen-by-name
            var keepOnCloseHandle = options().withDeleteOnClose(false);
            try (NamedTemporaryFile<String> f = namedTemporaryFile(Mode.TEXT, keepOnCloseHandle).join()) {
                f.write("for another reader").join();
                f.closeHandle().join();                        // the handle is closed, the file stays
                System.out.println(Files.readString(f.path()));  // other code opens it by name
            }                                                  // close() removes it
            // end snippet
            assertThat(out.lines()).containsExactly("for another reader");
        }
        try (var f = namedTemporaryFile(Mode.TEXT, options().withDeleteOnClose(false)).join()) {
            kept = f.path();
            f.closeHandle().join();
            assertThat(kept).exists();
        }
        assertThat(kept).doesNotExist();
    }

    @Test
    @DisplayName("line by line, and into a reused buffer")
    void reading() {
        var lines = new ArrayList<String>();
        int total;
        // snippet: reading
        try (TemporaryFile<String> log = temporaryFile(Mode.TEXT).join()) {
            log.writelines(java.util.List.of("first\n", "second\n")).join();
            log.seek(0).join();
            log.forEachLine(lines::add).join();             // async for line in f
        }
        try (TemporaryFile<byte[]> data = temporaryFile().join()) {
            data.write(new byte[10_000]).join();
            data.seek(0).join();
            ByteBuffer buffer = ByteBuffer.allocate(4096);   // reused, nothing allocated per read
            total = 0;
            for (int n = data.readinto(buffer).join(); n > 0; n = data.readinto(buffer.clear()).join()) {
                total += n;
            }
        }
        // end snippet
        assertThat(lines).containsExactly("first\n", "second\n");
        assertThat(total).isEqualTo(10_000);
    }

    @Test
    @DisplayName("the loop body awaits the same file, line endings are told, and a closed file says so")
    void loopAwaitsTheFile() {
        List<String> endings;
        TemporaryFile<String> closed;
        try (var out = new Transcript("forEachLine awaiting the same file")) {
            // snippet: loop-awaits-file
            try (TemporaryFile<String> f = temporaryFile(Mode.TEXT).join()) {
                f.write("a\r\nb\n").join();
                f.seek(0).join();
                f.forEachLine(line -> System.out.println(line.strip() + " ends at " + f.tell().join())).join();
                endings = f.newlines();                    // Python's f.newlines: ["\n", "\r\n"]
                closed = f;
            }
            closed.read().exceptionally(e -> {
                System.out.println(e.getMessage());        // read() on closed TemporaryFile ...
                return null;
            }).join();
            // end snippet
            assertThat(out.lines()).hasSize(3).startsWith("a ends at 3", "b ends at 5");
            assertThat(out.lines().get(2)).startsWith("read() on closed TemporaryFile");
        }
        assertThat(endings).containsExactly("\n", "\r\n");
        assertThatThrownBy(() -> closed.read().join()).isInstanceOf(CompletionException.class)
                .hasCauseInstanceOf(FileClosedException.class);
    }
}
