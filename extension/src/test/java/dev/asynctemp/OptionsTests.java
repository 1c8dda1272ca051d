package dev.asynctemp;

import static dev.asynctemp.AsyncTempfile.mkdtemp;
import static dev.asynctemp.AsyncTempfile.mkstemp;
import static dev.asynctemp.AsyncTempfile.namedTemporaryFile;
import static dev.asynctemp.AsyncTempfile.options;
import static dev.asynctemp.AsyncTempfile.spooledTemporaryFile;
import static dev.asynctemp.AsyncTempfile.temporaryDirectory;
import static dev.asynctemp.AsyncTempfile.temporaryFile;
import static dev.asynctemp.Outcomes.await;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

@DisplayName("TempOptions")
class OptionsTests {

    @Test
    @DisplayName("defaults are Python's")
    void defaults() {
        var options = TempOptions.defaults();
        assertThat(options.prefix()).isEqualTo("tmp");
        assertThat(options.suffix()).isEmpty();
        assertThat(options.dir()).isEmpty();
        assertThat(options.executor()).isEmpty();
        assertThat(options.delete()).isTrue();
        assertThat(options.deleteOnClose()).isTrue();
        assertThat(options.ignoreCleanupErrors()).isFalse();
    }

    @Test
    @DisplayName("withX returns a new value and leaves the original alone")
    void immutable() {
        var base = TempOptions.defaults();
        var changed = base.withPrefix("p").withSuffix("s").withDir(Path.of("/x")).withDelete(false);
        assertThat(base).isEqualTo(TempOptions.defaults()).isNotEqualTo(changed);
        assertThat(changed.prefix()).isEqualTo("p");
        assertThat(changed.suffix()).isEqualTo("s");
        assertThat(changed.dir()).contains(Path.of("/x"));
        assertThat(changed.delete()).isFalse();
        assertThat(changed).hasSameHashCodeAs(TempOptions.defaults().withPrefix("p").withSuffix("s")
                .withDir(Path.of("/x")).withDelete(false));
        assertThat(changed.toString()).contains("prefix=p", "delete=false");
    }

    @Test
    @DisplayName("a value that asks for a behaviour the creator does not have is refused, naming who has it")
    void behaviourTheCreatorDoesNotHave() {
        var keep = options().withDelete(false);
        var remove = options().withDelete(true);
        var keepOnHandleClose = options().withDeleteOnClose(false);
        var removeOnHandleClose = options().withDeleteOnClose(true);
        var ignore = options().withIgnoreCleanupErrors(true);
        assertThatThrownBy(() -> temporaryFile(Mode.BINARY, keep)).isInstanceOf(IllegalArgumentException.class)
                .hasMessage("temporaryFile cannot keep its file on disk after close (withDelete(false)); "
                        + "namedTemporaryFile and temporaryDirectory can");
        assertThatThrownBy(() -> mkstemp(remove)).isInstanceOf(IllegalArgumentException.class)
                .hasMessage("mkstemp cannot remove its file when it is closed (withDelete(true)); "
                        + "namedTemporaryFile and temporaryDirectory can");
        assertThatThrownBy(() -> mkdtemp(remove)).isInstanceOf(IllegalArgumentException.class)
                .hasMessageStartingWith("mkdtemp cannot remove its directory when it is closed (withDelete(true))");
        assertThatThrownBy(() -> temporaryDirectory(keepOnHandleClose)).isInstanceOf(IllegalArgumentException.class)
                .hasMessage("temporaryDirectory cannot keep its directory on disk when only its handle is closed, "
                        + "to reopen it by name (withDeleteOnClose(false)); only namedTemporaryFile can");
        assertThatThrownBy(() -> mkstemp(removeOnHandleClose)).isInstanceOf(IllegalArgumentException.class)
                .hasMessage("mkstemp cannot remove its file as soon as its handle is closed (withDeleteOnClose(true)); "
                        + "only namedTemporaryFile can");
        assertThatThrownBy(() -> namedTemporaryFile(Mode.TEXT, ignore)).isInstanceOf(IllegalArgumentException.class)
                .hasMessage("namedTemporaryFile cannot ignore failures while removing its file "
                        + "(withIgnoreCleanupErrors(true)); only temporaryDirectory can");
        assertThatThrownBy(() -> spooledTemporaryFile(1, Mode.BINARY, ignore))
                .hasMessageStartingWith("spooledTemporaryFile cannot ignore failures");
        assertThatThrownBy(() -> mkdtemp(ignore)).hasMessageStartingWith("mkdtemp cannot ignore failures");
    }

    @Test
    @DisplayName("a value that asks for what the creator always does is accepted, not refused for being set")
    void behaviourTheCreatorHas(@TempDir Path dir) throws Exception {
        var in = options().withDir(dir);
        var removed = in.withDelete(true).withDeleteOnClose(true).withIgnoreCleanupErrors(false);
        try (var file = await(temporaryFile(Mode.BINARY, removed));
                var spooled = spooledTemporaryFile(1, Mode.BINARY, removed);
                var named = await(namedTemporaryFile(Mode.BINARY, in.withIgnoreCleanupErrors(false)));
                var directory = await(temporaryDirectory(in.withDeleteOnClose(true)))) {
            assertThat(file.isClosed() || spooled.isClosed()).isFalse();
            assertThat(named.path()).exists();
            assertThat(directory.path()).isDirectory();
        }
        var kept = in.withDelete(false).withDeleteOnClose(false).withIgnoreCleanupErrors(false);
        try (MkstempFile made = await(mkstemp(kept))) {
            Files.delete(made.path());
        }
        Files.delete(await(mkdtemp(kept)));
        try (var listing = Files.list(dir)) {
            assertThat(listing).isEmpty();
        }
    }
}
