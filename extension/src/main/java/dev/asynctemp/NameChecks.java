package dev.asynctemp;

import dev.asynctemp.internal.Names;
import java.nio.charset.StandardCharsets;
import java.util.Objects;

/** Validation of the user-supplied parts of a temporary name. */
final class NameChecks {

    /** The longest file name (in bytes) that common file systems (ext4, xfs, APFS, NTFS) accept. */
    static final int MAX_NAME_BYTES = 255;

    private NameChecks() {
    }

    static String checkAffix(String value, String argument) {
        Objects.requireNonNull(value, () -> argument + " must not be null");
        if (value.indexOf('/') >= 0 || value.indexOf('\\') >= 0) {
            throw new IllegalArgumentException(argument + " must not contain a path separator ('/' or '\\'): "
                    + quote(value));
        }
        if (value.contains("..")) {
            throw new IllegalArgumentException(argument + " must not contain \"..\": " + quote(value));
        }
        if (value.indexOf('\0') >= 0) {
            throw new IllegalArgumentException(argument + " must not contain the NUL character: " + quote(value));
        }
        checkLength(value, "", argument + " is");
        return value;
    }

    /**
     * Checks that prefix, randomness and suffix together fit in one file name; {@code subject} opens
     * the message with its verb ("prefix is", "prefix and suffix are").
     */
    static void checkLength(String prefix, String suffix, String subject) {
        int bytes = (prefix + suffix).getBytes(StandardCharsets.UTF_8).length;
        if (bytes + Names.RANDOM_CHARS > MAX_NAME_BYTES) {
            throw new IllegalArgumentException(subject + " too long: " + bytes + " bytes in UTF-8, but "
                    + "prefix and suffix together may take at most " + (MAX_NAME_BYTES - Names.RANDOM_CHARS)
                    + " bytes so that the name with its " + Names.RANDOM_CHARS + " random characters fits in "
                    + MAX_NAME_BYTES + " bytes");
        }
    }

    private static String quote(String value) {
        return '"' + value.replace("\0", "\\0") + '"';
    }
}
