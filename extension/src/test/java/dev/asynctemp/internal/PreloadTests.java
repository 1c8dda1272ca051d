package dev.asynctemp.internal;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;

@DisplayName("Preloading the core's classes")
class PreloadTests {

    @Test
    @DisplayName("finds and loads every class of dev.asynctemp and dev.asynctemp.internal, and nothing of JUnit's side")
    void loadsTheCore() {
        var names = Preload.classNames();
        assertThat(names).contains("dev.asynctemp.AsyncTempfile", "dev.asynctemp.internal.Task",
                "dev.asynctemp.internal.Scopes$Carried", "dev.asynctemp.internal.Ledger$Run")
                .noneMatch(name -> name.startsWith("dev.asynctemp.junit"))
                .noneMatch(name -> name.endsWith("-info"));
        assertThat(Preload.coreClasses()).isEqualTo(names.size());
    }
}
