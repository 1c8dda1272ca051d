package dev.asynctemp.examples;

import java.util.ArrayList;
import java.util.List;

/** Prints an example's output under a heading, and keeps it so the example can assert on it. */
final class Transcript {

    private final List<String> lines = new ArrayList<>();

    Transcript(String heading) {
        System.out.println();
        System.out.println("== " + heading + " ==");
    }

    void println(String line) {
        lines.add(line);
        System.out.println(line);
    }

    List<String> lines() {
        return List.copyOf(lines);
    }
}
