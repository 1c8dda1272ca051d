package dev.asynctemp.examples;

import static org.junit.platform.engine.discovery.DiscoverySelectors.selectClass;

import dev.asynctemp.junit.AsyncTempExtension;
import java.util.Map;
import org.junit.platform.launcher.core.LauncherConfig;
import org.junit.platform.launcher.core.LauncherDiscoveryRequestBuilder;
import org.junit.platform.launcher.core.LauncherFactory;
import org.junit.platform.launcher.listeners.SummaryGeneratingListener;
import org.junit.platform.launcher.listeners.TestExecutionSummary;

/**
 * Runs a fixture (a test class that fails on purpose, to show what a user would see) through the
 * JUnit launcher, so that the examples showing it pass themselves.
 */
final class Fixtures {

    private Fixtures() {
    }

    static TestExecutionSummary run(Class<?> fixture) {
        var summary = new SummaryGeneratingListener();
        var launcher = LauncherFactory.create(LauncherConfig.builder()
                .enableTestExecutionListenerAutoRegistration(false)
                .addTestExecutionListeners(summary)
                .build());
        launcher.execute(LauncherDiscoveryRequestBuilder.request()
                .selectors(selectClass(fixture))
                .configurationParameters(Map.of(AsyncTempExtension.LEAK_REPORT_KEY, ""))
                .build());
        return summary.getSummary();
    }
}
