package dev.asynctemp.internal;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.ByteBuffer;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;

@DisplayName("MemoryStore")
class MemoryStoreTests {

    @Test
    @DisplayName("never grows its array past the limit a spooled file gives it, while the content fits")
    void growthStopsAtTheLimit() throws Exception {
        var store = new MemoryStore(1000);
        store.write(ByteBuffer.allocate(600), 0);
        store.write(ByteBuffer.allocate(400), 600);
        assertThat(store.size()).isEqualTo(1000);
        assertThat(store.capacity()).isEqualTo(1000);
        store.truncate(1000);
        assertThat(store.capacity()).isEqualTo(1000);
    }

    @Test
    @DisplayName("without a limit it doubles, so that many small writes stay cheap")
    void growsByDoublingWithoutLimit() throws Exception {
        var store = new MemoryStore(0);
        store.write(ByteBuffer.allocate(600), 0);
        store.write(ByteBuffer.allocate(1), 600);
        assertThat(store.capacity()).isEqualTo(1200);
    }
}
