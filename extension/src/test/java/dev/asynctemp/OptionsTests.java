package dev.asynctemp;

import static dev.asynctemp.AsyncTempfile.mkdtemp;
import static dev.asynctemp.AsyncTempfile.mkstemp;
import static dev.asynctemp.AsyncTempfile.namedTemporaryFile;
import static dev.asynctemp.AsyncTempfile.temporaryDirectory;
import static dev.asynctemp.AsyncTempfile.temporaryFile;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.file.Path;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;

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
    @DisplayName("an option a creator does not take is refused, not ignored")
    void optionsACreatorDoesNotTake() {
        var delete = TempOptions.defaults().withDelete(false);
        var deleteOnClose = TempOptions.defaults().withDeleteOnClose(false);
        var ignore = TempOptions.defaults().withIgnoreCleanupErrors(true);
        assertThatThrownBy(() -> temporaryFile(Mode.BINARY, delete)).isInstanceOf(IllegalArgumentException.class)
                .hasMessage("temporaryFile does not take the option delete (set to false); only "
                        + "namedTemporaryFile and temporaryDirectory do");
        assertThatThrownBy(() -> temporaryDirectory(deleteOnClose)).isInstanceOf(IllegalArgumentException.class)
                .hasMessageStartingWith("temporaryDirectory does not take the option deleteOnClose");
        assertThatThrownBy(() -> namedTemporaryFile(Mode.TEXT, ignore)).isInstanceOf(IllegalArgumentException.class)
                .hasMessageStartingWith("namedTemporaryFile does not take the option ignoreCleanupErrors");
        assertThatThrownBy(() -> mkstemp(delete)).hasMessageStartingWith("mkstemp does not take the option delete");
        assertThatThrownBy(() -> mkdtemp(ignore)).hasMessageStartingWith("mkdtemp does not take the option");
    }

    @Test
    @DisplayName("setting an option to its default still counts as set")
    void explicitDefaultIsStillChecked() {
        assertThatThrownBy(() -> temporaryFile(Mode.BINARY, TempOptions.defaults().withDelete(true)))
                .isInstanceOf(IllegalArgumentException.class);
    }
}
