package dev.asynctemp.junit;

import java.io.ByteArrayOutputStream;
import java.io.OutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.Supplier;

/** What was printed to {@code System.out} while something ran, line by line, with the thread that printed each. */
final class CapturedOutput {

    /** One printed line and the name of the thread that printed it. */
    record Line(String thread, String text) {
    }

    private final List<Line> lines = new ArrayList<>();
    private final Map<Thread, ByteArrayOutputStream> pending = new ConcurrentHashMap<>();

    private CapturedOutput() {
    }

    /** Runs {@code action} with {@code System.out} captured (and still copied to the original), then restores it. */
    static <R> Captured<R> during(Supplier<R> action) {
        var capture = new CapturedOutput();
        PrintStream original = System.out;
        System.setOut(new PrintStream(new OutputStream() {
            @Override
            public void write(int b) {
                original.write(b);
                capture.take(b);
            }
        }, true, StandardCharsets.UTF_8));
        try {
            R result = action.get();
            return new Captured<>(result, capture.lines());
        } finally {
            System.setOut(original);
        }
    }

    /** The result of the action, and the lines it printed. */
    record Captured<R>(R result, List<Line> lines) {
        /** The texts of the lines that start with {@code prefix}. */
        List<String> starting(String prefix) {
            return lines.stream().map(Line::text).filter(text -> text.startsWith(prefix)).toList();
        }
    }

    private void take(int b) {
        var buffer = pending.computeIfAbsent(Thread.currentThread(), thread -> new ByteArrayOutputStream());
        if (b == '\n') {
            String text = buffer.toString(StandardCharsets.UTF_8);
            buffer.reset();
            synchronized (lines) {
                lines.add(new Line(Thread.currentThread().getName(), text.endsWith("\r") ? text.substring(0,
                        text.length() - 1) : text));
            }
        } else {
            buffer.write(b);
        }
    }

    private List<Line> lines() {
        synchronized (lines) {
            return List.copyOf(lines);
        }
    }
}
