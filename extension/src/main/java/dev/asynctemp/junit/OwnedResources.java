package dev.asynctemp.junit;

import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.extension.ExtensionContext;

/**
 * The resources injected into one context, in creation order, so the extension can close them all
 * (newest first) in its after-callback and report a failure as the test's own. Each resource is
 * also in the store by itself, so JUnit still closes it if the callback is never reached.
 */
final class OwnedResources {

    private static final String KEY = "owned";

    private final List<InjectedResource> resources = new ArrayList<>();

    @SuppressWarnings("deprecation") // getOrComputeIfAbsent: computeIfAbsent does not exist in JUnit 5.12
    static OwnedResources of(ExtensionContext context) {
        return AsyncTempExtension.ownStore(context)
                .getOrComputeIfAbsent(KEY, key -> new OwnedResources(), OwnedResources.class);
    }

    synchronized void add(InjectedResource resource) {
        resources.add(resource);
    }

    /**
     * Closes every resource, newest first, carrying on past failures.
     *
     * @throws Exception the first failure, with the others suppressed
     */
    void closeAll() throws Exception {
        List<InjectedResource> newestFirst;
        synchronized (this) {
            newestFirst = new ArrayList<>(resources);
            resources.clear();
        }
        java.util.Collections.reverse(newestFirst);
        Exception first = null;
        for (InjectedResource resource : newestFirst) {
            try {
                resource.close();
            } catch (Exception e) {
                if (first == null) {
                    first = e;
                } else {
                    first.addSuppressed(e);
                }
            }
        }
        if (first != null) {
            throw first;
        }
    }
}
