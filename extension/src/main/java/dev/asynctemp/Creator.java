package dev.asynctemp;

import java.util.Arrays;
import java.util.List;

/**
 * The creators of {@link AsyncTempfile} and what each one does about the three behaviour options
 * of {@link TempOptions}, so that options are judged by what they ask for: a value that asks for
 * the creator's only behaviour ({@code withDelete(true)} on {@code temporaryFile}) is accepted, a
 * value that asks for a behaviour it does not have ({@code withDelete(true)} on {@code mkstemp})
 * is refused, naming the creators that have it.
 */
enum Creator {
    TEMPORARY_FILE("temporaryFile", "file", true, true, false),
    NAMED_TEMPORARY_FILE("namedTemporaryFile", "file", null, null, false),
    SPOOLED_TEMPORARY_FILE("spooledTemporaryFile", "file", true, true, false),
    TEMPORARY_DIRECTORY("temporaryDirectory", "directory", null, true, null),
    MKSTEMP("mkstemp", "file", false, false, false),
    MKDTEMP("mkdtemp", "directory", false, false, false);

    /** The three options, each with what its two values ask for; {@code %s} is "file" or "directory". */
    enum Option {
        DELETE("withDelete", "remove its %s when it is closed", "keep its %s on disk after close"),
        DELETE_ON_CLOSE("withDeleteOnClose", "remove its %s as soon as its handle is closed",
                "keep its %s on disk when only its handle is closed, to reopen it by name"),
        IGNORE_CLEANUP_ERRORS("withIgnoreCleanupErrors", "ignore failures while removing its %s",
                "report failures while removing its %s");

        private final String method;
        private final String whenTrue;
        private final String whenFalse;

        Option(String method, String whenTrue, String whenFalse) {
            this.method = method;
            this.whenTrue = whenTrue;
            this.whenFalse = whenFalse;
        }
    }

    private final String label;
    private final String noun;
    /** Per {@link Option}: the creator's fixed behaviour, or {@code null} where the option is the user's choice. */
    private final Boolean[] fixed;

    Creator(String label, String noun, Boolean delete, Boolean deleteOnClose, Boolean ignoreCleanupErrors) {
        this.label = label;
        this.noun = noun;
        this.fixed = new Boolean[] {delete, deleteOnClose, ignoreCleanupErrors};
    }

    /**
     * Fails if {@code value}, set explicitly, asks for a behaviour this creator does not have.
     *
     * @param option the option
     * @param value the value set, or {@code null} if left unset
     * @throws IllegalArgumentException naming the creator, the option, what it asks for and who has it
     */
    void check(Option option, Boolean value) {
        Boolean own = fixed[option.ordinal()];
        if (value == null || own == null || own.equals(value)) {
            return;
        }
        List<String> able = Arrays.stream(values()).filter(c -> c.fixed[option.ordinal()] == null)
                .map(c -> c.label).toList();
        String who = able.size() == 1 ? "only " + able.get(0)
                : String.join(", ", able.subList(0, able.size() - 1)) + " and " + able.get(able.size() - 1);
        throw new IllegalArgumentException(label + " cannot " + (value ? option.whenTrue : option.whenFalse)
                .formatted(noun) + " (" + option.method + "(" + value + ")); " + who + " can");
    }
}
