package dev.asynctemp.internal;

/** Argument checks that name the argument in their message. */
public final class Checks {

    private Checks() {
    }

    /**
     * Fails if {@code value} is negative.
     *
     * @param value the value
     * @param argument the argument's name
     * @throws IllegalArgumentException naming the argument and its value
     */
    public static void notNegative(long value, String argument) {
        if (value < 0) {
            throw new IllegalArgumentException(argument + " must not be negative, but was " + value);
        }
    }
}
