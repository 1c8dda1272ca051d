package dev.asynctemp.junit;

import dev.asynctemp.internal.Scope;
import org.junit.jupiter.api.extension.ExtensionContext;

/** Closes a test's or class's {@link Scope} when JUnit closes the context's store. */
@SuppressWarnings("deprecation") // CloseableResource: deprecated in JUnit 6, the only option in 5.12
record ScopeResource(Scope scope) implements ExtensionContext.Store.CloseableResource, AutoCloseable {

    @Override
    public void close() {
        scope.seal();
    }
}
