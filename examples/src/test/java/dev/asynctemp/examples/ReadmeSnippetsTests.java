package dev.asynctemp.examples;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;

/**
 * Keeps the README honest: every Java block in it is preceded by {@code <!-- snippet: name -->}
 * and must equal the region between {@code // snippet: name} and {@code // end snippet} in a file
 * of this module, which compiles and runs as a test. A README edited without its example, or an
 * example changed without its README block, fails the build.
 */
@DisplayName("README snippets")
class ReadmeSnippetsTests {

    private static final Path README = Path.of("..", "README.md");
    private static final Path SOURCES = Path.of("src", "test", "java");
    private static final Pattern START = Pattern.compile("^\\s*// snippet: ([\\w-]+)\\s*$");
    private static final Pattern END = Pattern.compile("^\\s*// end snippet\\s*$");
    private static final Pattern MARKER = Pattern.compile("^\\s*<!-- snippet: ([\\w-]+) -->\\s*$");

    @Test
    @DisplayName("every Java block of the README is a snippet of the examples, word for word")
    void readmeMatchesExamples() throws IOException {
        Map<String, String> snippets = snippets();
        List<String> readme = Files.readAllLines(README);
        var problems = new ArrayList<String>();
        int blocks = 0;
        for (int i = 0; i < readme.size(); i++) {
            if (!readme.get(i).strip().equals("```java")) {
                continue;
            }
            blocks++;
            int end = i + 1;
            while (!readme.get(end).strip().equals("```")) {
                end++;
            }
            String block = dedent(readme.subList(i + 1, end));
            Matcher marker = i > 0 ? MARKER.matcher(readme.get(i - 1)) : MARKER.matcher("");
            if (!marker.matches()) {
                problems.add("README line " + (i + 1) + ": a Java block without <!-- snippet: name --> above it");
            } else if (!snippets.containsKey(marker.group(1))) {
                problems.add("README line " + (i + 1) + ": no snippet '" + marker.group(1) + "' in examples/");
            } else if (!snippets.get(marker.group(1)).equals(block)) {
                problems.add("README line " + (i + 1) + ": block differs from snippet '" + marker.group(1)
                        + "'; examples/ has:\n" + snippets.get(marker.group(1)));
            }
            i = end;
        }
        assertThat(problems).as("README snippets out of step with examples/").isEmpty();
        assertThat(blocks).as("Java blocks in the README").isGreaterThan(5);
    }

    static Map<String, String> snippets() throws IOException {
        var snippets = new LinkedHashMap<String, String>();
        try (Stream<Path> files = Files.walk(SOURCES)) {
            for (Path file : files.filter(f -> f.toString().endsWith(".java")).toList()) {
                List<String> lines = Files.readAllLines(file);
                for (int i = 0; i < lines.size(); i++) {
                    Matcher start = START.matcher(lines.get(i));
                    if (start.matches()) {
                        int end = i + 1;
                        while (!END.matcher(lines.get(end)).matches()) {
                            end++;
                        }
                        snippets.put(start.group(1), dedent(lines.subList(i + 1, end)));
                        i = end;
                    }
                }
            }
        }
        return snippets;
    }

    /** Strips trailing blanks and the indentation all non-blank lines share. */
    static String dedent(List<String> lines) {
        int indent = lines.stream().filter(l -> !l.isBlank())
                .mapToInt(l -> l.length() - l.stripLeading().length()).min().orElse(0);
        var text = new StringBuilder();
        for (String line : lines) {
            text.append(line.isBlank() ? "" : line.substring(indent).stripTrailing()).append('\n');
        }
        return text.toString();
    }
}
