package dev.asynctemp.internal;

import java.util.List;

/**
 * The kinds of line ending a text file has read, for {@code newlines()}: Python's
 * {@code TextIOWrapper.newlines}, which tracks them in its universal-newlines modes only. Written by
 * the operation holding the file, read from any thread.
 */
final class SeenNewlines {

    private static final int CR = 1;
    private static final int LF = 2;
    private static final int CRLF = 4;

    /** Every combination, in CPython's order of its tuple: "\r", "\n", "\r\n". */
    private static final List<List<String>> KINDS = List.of(List.of(), List.of("\r"), List.of("\n"),
            List.of("\r", "\n"), List.of("\r\n"), List.of("\r", "\r\n"), List.of("\n", "\r\n"),
            List.of("\r", "\n", "\r\n"));

    private volatile int seen;
    /** The byte offset of a {@code \n} already counted as the end of a {@code \r\n}, or -1. */
    private long pairedLfAt = -1;

    List<String> kinds() {
        return KINDS.get(seen);
    }

    int state() {
        return seen;
    }

    void restore(int state) {
        seen = state;
    }

    void forget() {
        seen = 0;
        pairedLfAt = -1;
    }

    /**
     * Records the endings in {@code raw}, read from bytes {@code [start, end)}.
     *
     * @param lfFollows whether a {@code \n} follows in the file, making a final {@code \r} a {@code \r\n}
     */
    void note(String raw, long start, long end, boolean lfFollows) {
        int bits = seen;
        for (int i = 0; i < raw.length(); i++) {
            char c = raw.charAt(i);
            if (c == '\r') {
                boolean last = i + 1 == raw.length();
                if (last ? lfFollows : raw.charAt(i + 1) == '\n') {
                    bits |= CRLF;
                    if (last) {
                        pairedLfAt = end;
                    } else {
                        i++;
                    }
                } else {
                    bits |= CR;
                }
            } else if (c == '\n' && !(i == 0 && start == pairedLfAt)) {
                bits |= LF;
            }
        }
        seen = bits;
    }
}
