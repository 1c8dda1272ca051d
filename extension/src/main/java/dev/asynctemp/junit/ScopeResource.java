package dev.asynctemp.junit;

import dev.asynctemp.internal.Scope;
import org.junit.jupiter.api.extension.ExtensionContext;

/**
 * Ends a test's or class's {@link Scope} when JUnit closes the context's store. Normally the
 * verdict already ran in {@code afterEach}/{@code afterAll}; when it could not (the test instance
 * failed to construct, so JUnit skipped the callbacks), it runs here, so a leak is still reported
 * and removed rather than silently dropped, and a binding left on the thread is released.
 */
@SuppressWarnings("deprecation") // CloseableResource: deprecated in JUnit 6, the only option in 5.12
record ScopeResource(Scope scope, ExtensionContext context) implements ExtensionContext.Store.CloseableResource,
        AutoCloseable {

    @Override
    public void close() throws java.util.concurrent.TimeoutException {
        AsyncTempExtension.unbind(context);
        if (!scope.isSealed()) {
            LeakVerdict.judge(context, scope);
        }
    }
}
