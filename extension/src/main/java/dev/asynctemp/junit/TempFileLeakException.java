package dev.asynctemp.junit;

import java.util.List;

/**
 * The leak detector's failure: thrown by a test (or class) that left temporary artifacts behind
 * (files from {@code mkstemp}, directories from {@code mkdtemp}, files or directories created with
 * {@code delete=false}, file objects never closed), by {@link TempLeaks#assertNoLeaks()}, and, with
 * {@value AsyncTempExtension#FAIL_RUN_KEY}{@code =true}, by the whole run (the Jupiter engine) when
 * anything leaked in it. The one type for every leak verdict. An {@link AssertionError}, so it
 * reads as a test failure.
 *
 * <p>The message lists every artifact with its kind, path, size or entry count, whether a handle is
 * still open, and the line of the user's code that created it; for an artifact not pinned on a
 * test, why, and the candidate tests. Each artifact's whole creation stack is attached as a
 * suppressed exception.
 *
 * @since 0.1.0
 */
public final class TempFileLeakException extends AssertionError {

    private static final long serialVersionUID = 1L;

    private final transient List<LeakedArtifact> leaks;

    /**
     * Creates the exception.
     *
     * @param heading the first line, saying whose leaks these are
     * @param leaks the leaked artifacts, at least one
     * @param footer the last line, saying what was done about them; may be empty
     * @throws IllegalArgumentException if {@code leaks} is empty
     */
    public TempFileLeakException(String heading, List<LeakedArtifact> leaks, String footer) {
        super(message(heading, leaks, footer));
        this.leaks = List.copyOf(leaks);
        for (LeakedArtifact leak : leaks) {
            addSuppressed(leak.creationStack());
        }
    }

    private static String message(String heading, List<LeakedArtifact> leaks, String footer) {
        if (leaks.isEmpty()) {
            throw new IllegalArgumentException("leaks must not be empty");
        }
        var text = new StringBuilder(heading);
        for (int i = 0; i < leaks.size(); i++) {
            text.append(System.lineSeparator()).append("  ").append(i + 1).append(". ")
                    .append(leaks.get(i).describe())
                    .append(System.lineSeparator()).append("     To fix: ").append(leaks.get(i).howToFix()).append('.');
        }
        if (!footer.isEmpty()) {
            text.append(System.lineSeparator()).append(footer);
        }
        return text.toString();
    }

    /**
     * Returns the leaked artifacts.
     *
     * @return an unmodifiable list, in creation order
     */
    public List<LeakedArtifact> leaks() {
        return leaks;
    }
}
