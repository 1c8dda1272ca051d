package dev.asynctemp.junit;

import dev.asynctemp.internal.Ledger;
import dev.asynctemp.internal.Scope;
import dev.asynctemp.internal.Scopes;
import java.util.Optional;
import org.junit.jupiter.api.extension.AfterAllCallback;
import org.junit.jupiter.api.extension.AfterEachCallback;
import org.junit.jupiter.api.extension.BeforeAllCallback;
import org.junit.jupiter.api.extension.BeforeEachCallback;
import java.lang.reflect.Constructor;
import java.lang.reflect.Method;
import org.junit.jupiter.api.extension.DynamicTestInvocationContext;
import org.junit.jupiter.api.extension.ExtensionContext;
import org.junit.jupiter.api.extension.InvocationInterceptor;
import org.junit.jupiter.api.extension.ReflectiveInvocationContext;
import org.junit.jupiter.api.extension.ParameterContext;
import org.junit.jupiter.api.extension.ParameterResolutionException;
import org.junit.jupiter.api.extension.ParameterResolver;
import org.junit.jupiter.api.extension.TestInstanceFactoryContext;
import org.junit.jupiter.api.extension.TestInstancePreConstructCallback;
import org.junit.jupiter.api.extension.TestWatcher;

/**
 * The JUnit Jupiter extension of asynctemp: injects {@code TemporaryFile}, {@code NamedTemporaryFile},
 * {@code SpooledTemporaryFile} and {@code TemporaryDirectory} parameters and fields and removes them
 * after use.
 *
 * <pre>{@code
 * @ExtendWith(AsyncTempExtension.class)
 * class ImportServiceTests {
 *     @Temp TemporaryDirectory work;          // a new one for each test
 *
 *     @Test
 *     void importsCsv(NamedTemporaryFile<String> csv, TemporaryDirectory out) { ... }
 * }
 * }</pre>
 *
 * <p><b>Where.</b> Parameters of test methods, {@code @BeforeEach}/{@code @AfterEach} and
 * {@code @BeforeAll}/{@code @AfterAll} methods, and constructors (records too); and fields
 * annotated with {@link Temp} (or {@link Spooled}), as JUnit's {@code @TempDir} injects its fields:
 * any visibility, not final, declared in the test class, a superclass, or for {@code @Nested}
 * tests an enclosing class. A field of these types without either annotation is left alone. The
 * type argument picks the mode: {@code <String>} is text, {@code <byte[]>} or none is binary.
 * {@link Temp} and {@link Spooled} carry options. Each parameter and field gets its own file or
 * directory.
 *
 * <p><b>How long.</b> Test, {@code @BeforeEach} and {@code @AfterEach} parameters live for one
 * test; constructor parameters for one test too (for the class under
 * {@code @TestInstance(PER_CLASS)}); {@code @BeforeAll} and {@code @AfterAll} parameters for the
 * class. Instance fields are injected before each test's {@code @BeforeEach} methods and live for
 * that test, under {@code PER_CLASS} too (the field gets a new value for every test); static fields
 * are injected before the class's {@code @BeforeAll} methods and live for the class. Each is owned
 * by the JUnit store of that test or class. Cleanup runs after the last
 * {@code @AfterEach} (or {@code @AfterAll}) method, and the store repeats it harmlessly when the
 * context closes, so it also happens if that point is never reached: operations still running are
 * awaited (up to {@value #CLEANUP_TIMEOUT_KEY}), handles closed, files and directories removed with
 * asynctemp's secure deletion. A removal that fails fails the test with a
 * {@link dev.asynctemp.CleanupException} naming every path left. A test may remove or close its
 * parameters itself. Register this extension before others that touch its files in their own
 * after-callbacks, so that theirs run first.
 *
 * <p><b>Configuration</b>, as JUnit configuration parameters ({@code junit-platform.properties},
 * system properties, or the launcher): {@value #DEFAULT_CLEANUP_MODE_KEY},
 * {@value #CLEANUP_TIMEOUT_KEY}, {@value #TMPDIR_KEY}. An invalid value fails every test that
 * needs it, with a message naming the key and the allowed values.
 *
 * <p>Register it with {@code @ExtendWith(AsyncTempExtension.class)}, or for every test class at
 * once through JUnit's extension auto-detection
 * ({@code junit.jupiter.extensions.autodetection.enabled=true}): the jar declares it as a service.
 *
 * @since 0.1.0
 */
public final class AsyncTempExtension implements ParameterResolver, TestInstancePreConstructCallback,
        BeforeAllCallback, AfterAllCallback, BeforeEachCallback, AfterEachCallback, TestWatcher,
        InvocationInterceptor {

    /**
     * Configuration parameter: the cleanup mode of parameters whose {@link Temp#cleanup()} is
     * {@code DEFAULT}. One of {@code ALWAYS} (the default), {@code ON_SUCCESS}, {@code NEVER},
     * case-insensitive.
     */
    public static final String DEFAULT_CLEANUP_MODE_KEY = "asynctemp.cleanup.mode.default";

    /**
     * Configuration parameter: how long cleanup waits for operations still running on an injected
     * file before closing it anyway and failing the test, and how long the leak detector awaits the
     * work it sees in flight for a test before failing it with a
     * {@link java.util.concurrent.TimeoutException} naming that work instead of giving a verdict.
     * A duration such as {@code 10 s} (the default), {@code 500 ms} or {@code PT1M}.
     */
    public static final String CLEANUP_TIMEOUT_KEY = "asynctemp.cleanup.timeout";

    /**
     * Configuration parameter: the directory injected files and directories are created in, and
     * what {@code gettempdir()} returns inside tests. An existing, writable directory; by default
     * the system property of the same name, else {@code java.io.tmpdir}.
     */
    public static final String TMPDIR_KEY = "asynctemp.tmpdir";

    /**
     * Configuration parameter: what the leak detector does when a test leaves temporary artifacts
     * behind: {@code fail} (the default), {@code warn} or {@code off}, case-insensitive.
     * {@link LeakDetection} overrides it per class or method.
     */
    public static final String LEAKS_KEY = "asynctemp.leaks";

    /**
     * Configuration parameter: how long a leaky test's verdict waits for cleanup the leak detector
     * cannot see (a plain {@code Files.delete} on a thread the test left running) before calling
     * what is left a leak. Work it can see (creations, operations, closes, cleanups the test
     * started) is awaited up to {@value #CLEANUP_TIMEOUT_KEY} instead. A duration such as
     * {@code 500 ms} (the default) or {@code 0} for no wait.
     */
    public static final String LEAK_GRACE_KEY = "asynctemp.leaks.grace";

    /**
     * Configuration parameter: {@code true} keeps leaked artifacts on disk for debugging instead of
     * closing and removing them after the verdict; {@code false} by default.
     */
    public static final String KEEP_LEAKS_KEY = "asynctemp.leaks.keep";

    /**
     * Configuration parameter: a directory into which each JVM writes its leak report at the end of
     * its run, as a JSON file of its own ({@code asynctemp-leaks-<pid>-<jvm start>-<run>.json},
     * described by the schema {@code dev/asynctemp/junit/leak-report-1.schema.json} in this jar),
     * so that the forks and shards of a build each add one. Created if missing; naming a file fails
     * the tests; a report that cannot be written fails the run with a {@link java.io.IOError}. No
     * report by default.
     */
    public static final String LEAK_REPORT_KEY = "asynctemp.leaks.report";

    /**
     * Configuration parameter: {@code true} fails the run (the Jupiter engine itself) if any test
     * or class leaked, whatever its leak mode, or if anything leaked outside any test;
     * {@code false} by default.
     */
    public static final String FAIL_RUN_KEY = "asynctemp.leaks.fail-run";

    /**
     * Configuration parameter: what the foreign-leak detector does with a test that leaves files or
     * directories in the JVM's temp root by any API ({@code Files.createTempFile},
     * {@code File.createTempFile}, a library writing into {@code java.io.tmpdir}): {@code warn} (the
     * default: a report entry, a logged warning and the run's summary, the test passes), {@code fail}
     * or {@code off}, case-insensitive. It judges only where the JVM was started with a private temp
     * root ({@code -Djava.io.tmpdir=...}, one per JVM; see the README); elsewhere it says so once per
     * JVM and judges nothing. {@link ForeignLeakDetection} overrides it per class or method.
     */
    public static final String FOREIGN_LEAKS_KEY = "asynctemp.leaks.foreign";

    /**
     * Report entry key under which the path of a kept file or directory is published. The path is
     * also printed, once, as a line {@code asynctemp kept <path> (cleanup mode ...) for <field or
     * parameter>} on standard output, on the thread of the test (or class) that kept it, since
     * Surefire and Gradle do not show report entries but do capture a test's output.
     */
    public static final String KEPT_REPORT_KEY = "asynctemp.kept";

    static final ExtensionContext.Namespace NAMESPACE = ExtensionContext.Namespace.create(AsyncTempExtension.class);

    private static final String FAILED_BELOW = "failed-below";
    private static final String SCOPE = "scope";
    private static final String BINDING = "binding";

    /** Creates the extension; JUnit does this. */
    public AsyncTempExtension() {
        JupiterVersionCheck.requireSupported();
    }

    /**
     * Asks JUnit for the test-method context when constructing test instances, so constructor
     * parameters live for one test, not for the whole class.
     *
     * @param rootContext the root context
     * @return {@code TEST_METHOD}
     */
    @Override
    public ExtensionContextScope getTestInstantiationExtensionContextScope(ExtensionContext rootContext) {
        return ExtensionContextScope.TEST_METHOD;
    }

    /**
     * Supports parameters of the four asynctemp types, and parameters annotated with {@link Temp}
     * or {@link Spooled} (which fail to resolve, naming the types allowed, if of another type).
     *
     * @param parameterContext the parameter
     * @param extensionContext the context
     * @return whether the parameter is asynctemp's to resolve
     */
    @Override
    public boolean supportsParameter(ParameterContext parameterContext, ExtensionContext extensionContext) {
        return InjectionSpec.supports(parameterContext);
    }

    /**
     * Creates the file or directory for a parameter and hands it to the context's store.
     *
     * @param parameterContext the parameter
     * @param extensionContext the context that will own it
     * @return the new file or directory
     * @throws ParameterResolutionException if the parameter's type or annotations are misused, or
     *     creating the file failed
     */
    @Override
    public Object resolveParameter(ParameterContext parameterContext, ExtensionContext extensionContext) {
        InjectionSpec spec = InjectionSpec.of(parameterContext);
        scopeOf(extensionContext);
        return InjectedResource.inject(spec, extensionContext);
    }

    /**
     * Binds the test's scope before its instance is constructed.
     *
     * @param factoryContext the factory context
     * @param context the test's context
     */
    @Override
    public void preConstructTestInstance(TestInstanceFactoryContext factoryContext, ExtensionContext context) {
        bind(context);
    }

    /**
     * Binds the class's scope and injects its static {@link Temp} and {@link Spooled} fields.
     *
     * @param context the class context
     * @throws org.junit.jupiter.api.extension.ExtensionConfigurationException if such a field is
     *     misused (final, of another type, options that do not fit) or creating its value failed
     */
    @Override
    public void beforeAll(ExtensionContext context) {
        bind(context);
        FieldInjection.injectStatic(context);
    }

    /**
     * Binds the test's scope and injects the instance {@link Temp} and {@link Spooled} fields of its
     * test instances.
     *
     * @param context the test's context
     * @throws org.junit.jupiter.api.extension.ExtensionConfigurationException if such a field is
     *     misused (final, of another type, options that do not fit) or creating its value failed
     */
    @Override
    public void beforeEach(ExtensionContext context) {
        bind(context);
        FieldInjection.injectInstances(context);
    }

    /**
     * After every {@code @AfterEach} method: closes and removes what the test owns, failing the
     * test if that fails, and unbinds its scope.
     *
     * @param context the test's context
     * @throws Exception the first cleanup failure, others suppressed
     */
    @Override
    public void afterEach(ExtensionContext context) throws Exception {
        finish(context);
    }

    /**
     * After every {@code @AfterAll} method: closes and removes what the class owns, and unbinds
     * its scope.
     *
     * @param context the class context
     * @throws Exception the first cleanup failure, others suppressed
     */
    @Override
    public void afterAll(ExtensionContext context) throws Exception {
        finish(context);
    }

    /**
     * Cleans up what the context owns, then judges what its code left behind. A failure of either
     * is thrown; if both fail, the verdict rides along as suppressed.
     */
    private static void finish(ExtensionContext context) throws Exception {
        Exception cleanupFailure = null;
        try {
            OwnedResources.of(context).closeAll();
        } catch (Exception e) {
            cleanupFailure = e;
        } finally {
            unbind(context);
        }
        try {
            LeakVerdict.judge(context, scopeOf(context));
        } catch (Exception | Error verdict) {
            if (cleanupFailure == null) {
                throw verdict;
            }
            cleanupFailure.addSuppressed(verdict);
        }
        if (cleanupFailure != null) {
            throw cleanupFailure;
        }
    }

    /**
     * Runs the constructor bound to the test's scope.
     *
     * @param invocation the constructor call
     * @param invocationContext the constructor and arguments
     * @param extensionContext the test's (or, under {@code PER_CLASS}, the class's) context
     * @param <T> the test class
     * @return the instance
     * @throws Throwable what the constructor threw
     */
    @Override
    public <T> T interceptTestClassConstructor(Invocation<T> invocation,
            ReflectiveInvocationContext<Constructor<T>> invocationContext, ExtensionContext extensionContext)
            throws Throwable {
        ForeignVerdict.excludeTempDirArguments(invocationContext);
        return bound(extensionContext, invocation);
    }

    /**
     * Runs a {@code @BeforeAll} method bound to the class's scope.
     *
     * @param invocation the call
     * @param invocationContext the method and arguments
     * @param extensionContext the class context
     * @throws Throwable what the method threw
     */
    @Override
    public void interceptBeforeAllMethod(Invocation<Void> invocation,
            ReflectiveInvocationContext<Method> invocationContext, ExtensionContext extensionContext) throws Throwable {
        ForeignVerdict.excludeTempDirArguments(invocationContext);
        bound(extensionContext, invocation);
    }

    /**
     * Runs a {@code @BeforeEach} method bound to the test's scope.
     *
     * @param invocation the call
     * @param invocationContext the method and arguments
     * @param extensionContext the test's context
     * @throws Throwable what the method threw
     */
    @Override
    public void interceptBeforeEachMethod(Invocation<Void> invocation,
            ReflectiveInvocationContext<Method> invocationContext, ExtensionContext extensionContext) throws Throwable {
        ForeignVerdict.excludeTempDirArguments(invocationContext);
        bound(extensionContext, invocation);
    }

    /**
     * Runs the test method bound to its scope, on whatever thread JUnit runs it (a
     * {@code @Timeout} in {@code SEPARATE_THREAD} mode uses another thread).
     *
     * @param invocation the call
     * @param invocationContext the method and arguments
     * @param extensionContext the test's context
     * @throws Throwable what the method threw
     */
    @Override
    public void interceptTestMethod(Invocation<Void> invocation, ReflectiveInvocationContext<Method> invocationContext,
            ExtensionContext extensionContext) throws Throwable {
        ForeignVerdict.excludeTempDirArguments(invocationContext);
        bound(extensionContext, invocation);
    }

    /**
     * Runs a test template invocation ({@code @ParameterizedTest}, {@code @RepeatedTest}) bound to
     * its scope.
     *
     * @param invocation the call
     * @param invocationContext the method and arguments
     * @param extensionContext the invocation's context
     * @throws Throwable what the method threw
     */
    @Override
    public void interceptTestTemplateMethod(Invocation<Void> invocation,
            ReflectiveInvocationContext<Method> invocationContext, ExtensionContext extensionContext) throws Throwable {
        ForeignVerdict.excludeTempDirArguments(invocationContext);
        bound(extensionContext, invocation);
    }

    /**
     * Runs a {@code @TestFactory} method bound to its scope.
     *
     * @param invocation the call
     * @param invocationContext the method and arguments
     * @param extensionContext the factory's context
     * @param <T> what the factory returns
     * @return the dynamic tests
     * @throws Throwable what the method threw
     */
    @Override
    public <T> T interceptTestFactoryMethod(Invocation<T> invocation,
            ReflectiveInvocationContext<Method> invocationContext, ExtensionContext extensionContext) throws Throwable {
        ForeignVerdict.excludeTempDirArguments(invocationContext);
        return bound(extensionContext, invocation);
    }

    /**
     * Runs a dynamic test bound to its factory's scope, which is judged once all of them are done,
     * whatever thread JUnit runs each one on.
     *
     * @param invocation the call
     * @param invocationContext the dynamic test
     * @param extensionContext the dynamic test's context
     * @throws Throwable what the test threw
     */
    @Override
    public void interceptDynamicTest(Invocation<Void> invocation, DynamicTestInvocationContext invocationContext,
            ExtensionContext extensionContext) throws Throwable {
        bound(extensionContext, invocation);
    }

    /**
     * Runs an {@code @AfterEach} method bound to the test's scope.
     *
     * @param invocation the call
     * @param invocationContext the method and arguments
     * @param extensionContext the test's context
     * @throws Throwable what the method threw
     */
    @Override
    public void interceptAfterEachMethod(Invocation<Void> invocation,
            ReflectiveInvocationContext<Method> invocationContext, ExtensionContext extensionContext) throws Throwable {
        ForeignVerdict.excludeTempDirArguments(invocationContext);
        bound(extensionContext, invocation);
    }

    /**
     * Runs an {@code @AfterAll} method bound to the class's scope.
     *
     * @param invocation the call
     * @param invocationContext the method and arguments
     * @param extensionContext the class context
     * @throws Throwable what the method threw
     */
    @Override
    public void interceptAfterAllMethod(Invocation<Void> invocation,
            ReflectiveInvocationContext<Method> invocationContext, ExtensionContext extensionContext) throws Throwable {
        ForeignVerdict.excludeTempDirArguments(invocationContext);
        bound(extensionContext, invocation);
    }

    /** Proceeds with {@code invocation} on this thread, bound to the scope that owns it. */
    private static <T> T bound(ExtensionContext context, Invocation<T> invocation) throws Throwable {
        Scopes.Restore restore = Scopes.bind(owningScope(context));
        try {
            return invocation.proceed();
        } finally {
            restore.close();
        }
    }

    /**
     * The scope that owns code running for {@code context}: its own, or for a dynamic test (which
     * has no callbacks of its own) the nearest enclosing one, its factory's.
     */
    private static Scope owningScope(ExtensionContext context) {
        for (Optional<ExtensionContext> current = Optional.of(context); current.isPresent();
                current = current.get().getParent()) {
            var existing = ownStore(current.get()).get(SCOPE, ScopeResource.class);
            if (existing != null) {
                return existing.scope();
            }
        }
        return scopeOf(context);
    }

    /**
     * Records the failure for class-level {@code ON_SUCCESS} cleanup.
     *
     * @param context the failed test
     * @param cause why
     */
    @Override
    public void testFailed(ExtensionContext context, Throwable cause) {
        markFailedAbove(context);
    }

    /**
     * Records the abort for class-level {@code ON_SUCCESS} cleanup: an aborted test did not succeed.
     *
     * @param context the aborted test
     * @param cause why
     */
    @Override
    public void testAborted(ExtensionContext context, Throwable cause) {
        markFailedAbove(context);
    }

    private static void markFailedAbove(ExtensionContext context) {
        for (Optional<ExtensionContext> parent = context.getParent(); parent.isPresent();
                parent = parent.get().getParent()) {
            ownStore(parent.get()).put(FAILED_BELOW, Boolean.TRUE);
        }
    }

    static boolean hasFailureBelow(ExtensionContext context) {
        return Boolean.TRUE.equals(ownStore(context).get(FAILED_BELOW));
    }

    /**
     * Returns the store entries of {@code context} alone. A plain lookup in a test's store falls
     * back to its class's entries; a namespace per context keeps a test from seeing (and closing)
     * what belongs to its class.
     */
    static ExtensionContext.Store ownStore(ExtensionContext context) {
        return context.getStore(ExtensionContext.Namespace.create(AsyncTempExtension.class, context.getUniqueId()));
    }

    /** Returns the context's scope, creating it on first use; JUnit closes it with the context. */
    @SuppressWarnings("deprecation") // getOrComputeIfAbsent: computeIfAbsent does not exist in JUnit 5.12
    static Scope scopeOf(ExtensionContext context) {
        RunState.of(context);
        return ownStore(context).getOrComputeIfAbsent(SCOPE, key -> {
            Scope scope = Ledger.openScope(context.getUniqueId(), LeakVerdict.describe(context),
                    Configuration.of(context).tmpdir().orElse(null));
            ForeignVerdict.open(context, scope);
            return new ScopeResource(scope, context);
        }, ScopeResource.class).scope();
    }

    private static void bind(ExtensionContext context) {
        var store = ownStore(context);
        if (store.get(BINDING) == null) {
            store.put(BINDING, Scopes.bind(scopeOf(context)));
        }
    }

    static void unbind(ExtensionContext context) {
        var binding = ownStore(context).remove(BINDING, Scopes.Restore.class);
        if (binding != null) {
            binding.close();
        }
    }
}
