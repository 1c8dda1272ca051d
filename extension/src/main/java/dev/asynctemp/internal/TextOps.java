package dev.asynctemp.internal;

import dev.asynctemp.Mode;
import dev.asynctemp.Newline;
import dev.asynctemp.Whence;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.CharBuffer;
import java.nio.charset.CharsetDecoder;
import java.nio.charset.CharsetEncoder;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.CoderResult;
import java.util.List;

/**
 * {@link FileOps} for text mode. The position stays a byte offset; reads decode from it and leave it
 * exactly after the last byte of the last character returned, so text and byte positions never
 * drift apart. Newlines are recognised and translated as {@link Newline} describes.
 */
final class TextOps extends FileOps<String> {

    /** Characters decoded per step when scanning for a line end. */
    private static final int LINE_WINDOW = 1024;
    /** Characters decoded per step when reading: bounds the buffers, whatever size is asked for. */
    private static final int READ_WINDOW = 8192;

    private final Newline newline;
    private final CharsetDecoder decoder;
    private final CharsetEncoder encoder;
    private final String writtenNewline;
    /** Which line endings reads have met, for {@link #newlines()}. */
    private final SeenNewlines seen;

    TextOps(ByteStore store, Mode.Text mode) {
        super(store);
        this.newline = mode.newline();
        this.decoder = mode.charset().newDecoder().onMalformedInput(mode.errors())
                .onUnmappableCharacter(mode.errors());
        this.encoder = mode.charset().newEncoder().onMalformedInput(mode.errors())
                .onUnmappableCharacter(mode.errors());
        this.writtenNewline = switch (newline) {
            case UNIVERSAL -> System.lineSeparator();
            case UNTRANSLATED, LF -> "\n";
            case CR -> "\r";
            case CRLF -> "\r\n";
        };
        this.seen = newline == Newline.UNIVERSAL || newline == Newline.UNTRANSLATED ? new SeenNewlines() : null;
    }

    /**
     * Characters decoded from {@code [start, end)} of the file; {@code beforeError} when decoding
     * stopped early at malformed input, which the next decode from {@code end} reports.
     */
    private record Chunk(String text, long end, boolean beforeError) {
        boolean isEmpty() {
            return text.isEmpty();
        }
    }

    /** Reads the rest: fails (moving nothing) past {@link #MAX_READ} bytes; memory for the text read. */
    @Override
    String read() throws IOException {
        return read(remaining());
    }

    @Override
    String read(int size) throws IOException {
        long start = position();
        int seenBefore = seen == null ? 0 : seen.state();
        try {
            return readFrom(size);
        } catch (IOException | RuntimeException e) {
            undo(start, seenBefore);
            throw e;
        }
    }

    /** Puts the position and the line endings seen back as they were before a failed read. */
    private void undo(long start, int seenBefore) {
        position(start);
        if (seen != null) {
            seen.restore(seenBefore);
        }
    }

    private String readFrom(int size) throws IOException {
        var text = new StringBuilder((int) Math.min(size, Math.max(0, store().size() - position())));
        while (text.length() < size) {
            int left = size - text.length();
            int wanted = Math.min(left, READ_WINDOW);
            Chunk chunk = decode(position(), wanted);
            if (chunk.isEmpty()) {
                break;
            }
            long end = chunk.end();
            if (newline == Newline.UNIVERSAL && chunk.text().endsWith("\r")) {
                // "\r\n" is one newline: take the "\n" too, even if it lies beyond this chunk.
                Chunk next = decode(end, 1);
                if (next.text().equals("\n")) {
                    end = next.end();
                }
            }
            note(chunk.text(), position(), chunk.end());
            text.append(translateRead(chunk.text()));
            position(end);
            if (chunk.text().length() != wanted && !chunk.beforeError() && wanted == left) {
                // The end of the data, or a surrogate pair that did not fit: never split it.
                break;
            }
        }
        return text.toString();
    }

    /** Reads one line; a failure moves nothing. Memory for the line. */
    @Override
    String readline() throws IOException {
        long start = position();
        int seenBefore = seen == null ? 0 : seen.state();
        try {
            return readLineFrom();
        } catch (IOException | RuntimeException e) {
            undo(start, seenBefore);
            throw e;
        }
    }

    private String readLineFrom() throws IOException {
        var line = new StringBuilder();
        while (true) {
            Chunk chunk = decode(position(), LINE_WINDOW);
            if (chunk.isEmpty()) {
                break;
            }
            String raw = chunk.text();
            long rawEnd = chunk.end();
            // A trailing '\r' may be the first half of "\r\n": look one character further.
            Chunk lookahead = raw.endsWith("\r") ? decode(rawEnd, 1) : new Chunk("", rawEnd, false);
            String scanned = raw + lookahead.text();
            int end = lineEnd(scanned);
            if (end < 0) {
                line.append(raw);
                note(raw, position(), rawEnd);
                position(rawEnd);
                continue;
            }
            long endPosition = end == raw.length() ? rawEnd
                    : end == scanned.length() ? lookahead.end()
                    : decode(position(), end).end();
            line.append(scanned, 0, end);
            note(scanned.substring(0, end), position(), endPosition);
            position(endPosition);
            break;
        }
        return newline == Newline.UNIVERSAL ? translateLineEnd(line) : line.toString();
    }

    /** Returns the index just past the first line end in {@code text}, or -1. */
    private int lineEnd(String text) {
        switch (newline) {
            case LF -> {
                int i = text.indexOf('\n');
                return i < 0 ? -1 : i + 1;
            }
            case CR -> {
                int i = text.indexOf('\r');
                return i < 0 ? -1 : i + 1;
            }
            case CRLF -> {
                int i = text.indexOf("\r\n");
                return i < 0 ? -1 : i + 2;
            }
            default -> {
                for (int i = 0; i < text.length(); i++) {
                    char c = text.charAt(i);
                    if (c == '\n') {
                        return i + 1;
                    }
                    if (c == '\r') {
                        return i + 1 < text.length() && text.charAt(i + 1) == '\n' ? i + 2 : i + 1;
                    }
                }
                return -1;
            }
        }
    }

    private static String translateLineEnd(StringBuilder line) {
        int length = line.length();
        if (length >= 2 && line.charAt(length - 2) == '\r' && line.charAt(length - 1) == '\n') {
            line.setLength(length - 2);
            line.append('\n');
        } else if (length >= 1 && line.charAt(length - 1) == '\r') {
            line.setCharAt(length - 1, '\n');
        }
        return line.toString();
    }

    private String translateRead(String text) {
        if (newline != Newline.UNIVERSAL || text.indexOf('\r') < 0) {
            return text;
        }
        return text.replace("\r\n", "\n").replace('\r', '\n');
    }

    /**
     * Decodes at most {@code maxChars} characters starting at byte {@code start} and returns them
     * with the byte offset just after the last one. Fewer come back only at the end of the data,
     * before malformed input, or when the next character is a surrogate pair that does not fit; if
     * {@code maxChars} is 1 such a pair is returned whole. Malformed input right at {@code start}
     * throws (with {@link CodingErrorAction#REPORT}).
     */
    private Chunk decode(long start, int maxChars) throws IOException {
        decoder.reset();
        var out = CharBuffer.allocate(Math.max(maxChars, 2)).limit(maxChars);
        int capacity = (int) Math.min(Math.max(16L, (long) maxChars * (long) Math.ceil(encoder.maxBytesPerChar())),
                1 << 16);
        var in = ByteBuffer.allocate(capacity).flip();
        long readAt = start;
        boolean endOfInput = false;
        while (true) {
            if (!endOfInput && in.remaining() < capacity) {
                in.compact();
                int wanted = in.remaining();
                int n = store().read(in, readAt);
                readAt += n;
                endOfInput = n < wanted;
                in.flip();
            }
            CoderResult result = decoder.decode(in, out, endOfInput);
            if (result.isError()) {
                if (out.position() > 0) {
                    // Return what precedes the bad input; it is only an error if it is needed.
                    return new Chunk(out.flip().toString(), readAt - in.remaining(), true);
                }
                result.throwException();
            }
            if (result.isOverflow()) {
                if (out.position() == 0 && out.limit() == 1) {
                    out.limit(2);
                    continue;
                }
                break;
            }
            if (endOfInput) {
                decoder.flush(out);
                break;
            }
        }
        long end = readAt - in.remaining();
        return new Chunk(out.flip().toString(), end, false);
    }

    @Override
    boolean isEmpty(String value) {
        return value.isEmpty();
    }

    /**
     * Encodes one element: memory for its encoded bytes (the charset's average bytes per char,
     * doubled as needed), plus a translated copy of the string when {@code \n} is written as
     * something else. A successful write forgets the line endings read, as CPython's does.
     */
    @Override
    ByteBuffer encode(String data) throws IOException {
        String translated = writtenNewline.equals("\n") ? data : data.replace("\n", writtenNewline);
        encoder.reset();
        ByteBuffer bytes = encoder.encode(CharBuffer.wrap(translated));
        forgetNewlines();
        return bytes;
    }

    @Override
    List<String> newlines() {
        return seen == null ? List.of() : seen.kinds();
    }

    @Override
    void moved(long target, Whence whence) {
        // CPython resets its decoder when seeking to 0 or from the end, and with it newlines.
        if (target == 0 || whence == Whence.END) {
            forgetNewlines();
        }
    }

    @Override
    void rolledOver() {
        forgetNewlines();
    }

    private void forgetNewlines() {
        if (seen != null) {
            seen.forget();
        }
    }

    /**
     * Records the line endings in {@code raw}, text just read from bytes {@code [start, end)}. A
     * {@code \r} at its end is a {@code \r\n} if a {@code \n} follows in the file.
     */
    private void note(String raw, long start, long end) throws IOException {
        if (seen == null || (raw.indexOf('\r') < 0 && raw.indexOf('\n') < 0)) {
            return;
        }
        boolean lfFollows = raw.endsWith("\r") && decode(end, 1).text().equals("\n");
        seen.note(raw, start, end, lfFollows);
    }

    @Override
    int units(String data) {
        return data.length();
    }
}
