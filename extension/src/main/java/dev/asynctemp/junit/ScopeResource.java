package dev.asynctemp.junit;

import dev.asynctemp.internal.Scope;
import org.junit.jupiter.api.extension.ExtensionContext;

/**
 * Ends a test's or class's {@link Scope} when JUnit closes the context's store. Normally the
 * verdict on asynctemp's own artifacts already ran in {@code afterEach}/{@code afterAll}; when it
 * could not (the test instance failed to construct, so JUnit skipped the callbacks), it runs here,
 * so a leak is still reported and removed rather than silently dropped, and a binding left on the
 * thread is released. The foreign-leak verdict always runs here: the scope was opened before the
 * other resources of the context were stored, so they are closed (and their files removed) first.
 */
@SuppressWarnings("deprecation") // CloseableResource: deprecated in JUnit 6, the only option in 5.12
record ScopeResource(Scope scope, ExtensionContext context) implements ExtensionContext.Store.CloseableResource,
        AutoCloseable {

    @Override
    public void close() throws java.util.concurrent.TimeoutException {
        AsyncTempExtension.unbind(context);
        try {
            if (!scope.isSealed()) {
                LeakVerdict.judge(context, scope);
            }
        } finally {
            ForeignVerdict.judge(context, scope);
        }
    }
}
