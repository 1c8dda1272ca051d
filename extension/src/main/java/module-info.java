/**
 * asynctemp: asynchronous temporary files and directories for Java (a port of anyio's async
 * {@code tempfile} module) and a JUnit Jupiter extension that injects them into tests.
 *
 * <p>{@link dev.asynctemp.AsyncTempfile} is the entry point of the temp-file API.
 *
 * @since 0.1.0
 */
module dev.asynctemp {
    // JUnit is the user's (the Maven dependencies are `provided`), but not `requires static`: the
    // `provides` clauses below name JUnit types, so a module graph without JUnit's modules cannot
    // resolve dev.asynctemp anyway, and with `static` it would not resolve even with them present
    // unless another module required them. Transitive, as dev.asynctemp.junit's API shows JUnit types.
    requires transitive org.junit.jupiter.api;
    requires transitive org.junit.platform.launcher;
    // Awaitility publishes no module name; its jar name gives the automatic module "awaitility".
    requires awaitility;

    exports dev.asynctemp;
    exports dev.asynctemp.junit;

    provides org.junit.jupiter.api.extension.Extension with dev.asynctemp.junit.AsyncTempExtension;
    provides org.junit.platform.launcher.TestExecutionListener with dev.asynctemp.junit.LeakReportListener;
}
