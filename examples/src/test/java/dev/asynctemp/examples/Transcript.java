package dev.asynctemp.examples;

import java.io.ByteArrayOutputStream;
import java.io.OutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.util.List;

/**
 * Prints a heading, then copies what the example prints to {@code System.out} so the example can
 * assert on it: snippets print with {@code System.out.println}, exactly as a reader would.
 */
final class Transcript implements AutoCloseable {

    private final PrintStream original = System.out;
    private final ByteArrayOutputStream copy = new ByteArrayOutputStream();

    Transcript(String heading) {
        original.println();
        original.println("== " + heading + " ==");
        System.setOut(new PrintStream(new OutputStream() {
            @Override
            public void write(int b) {
                original.write(b);
                copy.write(b);
            }

            @Override
            public void write(byte[] bytes, int offset, int length) {
                original.write(bytes, offset, length);
                copy.write(bytes, offset, length);
            }
        }, true, StandardCharsets.UTF_8));
    }

    /** Returns the lines printed so far. */
    List<String> lines() {
        System.out.flush();
        String text = copy.toString(StandardCharsets.UTF_8);
        return text.isEmpty() ? List.of() : List.of(text.split("\\R"));
    }

    @Override
    public void close() {
        System.out.flush();
        System.setOut(original);
    }
}
