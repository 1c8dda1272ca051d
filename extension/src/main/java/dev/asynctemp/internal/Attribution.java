package dev.asynctemp.internal;

import java.util.List;

/**
 * Who an artifact, or a piece of work, belongs to, as far as the leak detector can be sure.
 *
 * <p>Only a {@link Certain} attribution may pin a leak on a test. {@link Uncertain} names the scope
 * the thread was working for and the candidates that could have run the code, and goes to the run
 * level; {@link Outside} is code that ran for no test at all.
 */
public sealed interface Attribution permits Attribution.Certain, Attribution.Uncertain, Attribution.Outside {

    /** The scope this belongs to for certain, or {@code null}. */
    default Scope owner() {
        return null;
    }

    /** Why the detector could not pin it on a test; empty when it could. */
    String doubt();

    /** The tests that could have run the creating code, by name; empty when none or certain. */
    default List<String> candidates() {
        return List.of();
    }

    /**
     * The code ran for this scope and nobody else: on the test's own thread, on a worker of ours
     * doing that test's operation, or on a thread the test started while no other test could have
     * handed it work.
     *
     * @param owner the scope
     */
    record Certain(Scope owner) implements Attribution {
        @Override
        public String doubt() {
            return "";
        }
    }

    /**
     * The code ran on a thread bound to {@code scope}, but could have been another test's.
     *
     * @param scope the scope the thread was working for, or {@code null} if it had ended
     * @param doubt why the detector cannot be sure, in words for the report
     * @param candidates the tests that could have run the code
     */
    record Uncertain(Scope scope, String doubt, List<String> candidates) implements Attribution {
        /** Copies the candidates. */
        public Uncertain {
            candidates = List.copyOf(candidates);
        }
    }

    /**
     * The code ran for no test.
     *
     * @param doubt where it ran, in words for the report
     */
    record Outside(String doubt) implements Attribution {
    }
}
