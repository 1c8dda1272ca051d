package dev.asynctemp.examples;

import static org.assertj.core.api.Assertions.assertThat;

import dev.asynctemp.AsyncTempfile;
import java.io.ByteArrayOutputStream;
import java.io.File;
import java.io.IOException;
import java.io.PrintStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Supplier;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;

/**
 * Keeps the README's other claims true where a test can see them: every sample output, marked
 * {@code <!-- output: name -->} above a text block, is what a real run of the example prints today
 * (random name parts and the temp root aside, so a line number cannot drift), and the version and
 * requirements it states are the build's.
 */
@DisplayName("README claims")
class ReadmeClaimsTests {

    private static final Path README = Path.of("..", "README.md");
    private static final Path POM = Path.of("..", "pom.xml");
    private static final Pattern OUTPUT = Pattern.compile("^\\s*<!-- output: ([\\w-]+) -->\\s*$");
    /** The random part of a generated name, after the prefix's final '-'. */
    private static final Pattern RANDOM = Pattern.compile("(?<=-)[a-z2-7]{16}(?![a-z2-7])");

    /** What produces each sample output: a real run of the example the README shows. */
    private static final Map<String, Supplier<String>> RUNS = Map.of(
            "leak-report", ReadmeClaimsTests::leakReport,
            "kept-line", ReadmeClaimsTests::keptLine,
            "foreign-leak-report", () -> ForeignLeakExamples.failureOfTheLeakyTest().getMessage());

    @Test
    @DisplayName("every sample output is what a real run prints, but for random names and the temp root")
    void outputsComeFromRealRuns() throws IOException {
        Map<String, String> blocks = outputBlocks();
        assertThat(blocks.keySet()).as("sample outputs in the README").containsExactlyInAnyOrderElementsOf(RUNS.keySet());
        var problems = new ArrayList<String>();
        blocks.forEach((name, block) -> {
            String actual = RUNS.get(name).get();
            if (!normalize(block).equals(normalize(actual))) {
                problems.add("output '" + name + "' differs from a real run, which printed:\n" + actual);
            }
        });
        assertThat(problems).as("README outputs out of step with the examples").isEmpty();
    }

    @Test
    @DisplayName("the version users are told to add, and the requirements, are the build's")
    void versionAndRequirements() throws IOException {
        String readme = Files.readString(README);
        String pom = Files.readString(POM);
        String version = first(pom, "<artifactId>asynctemp-parent</artifactId>\\s*<version>([^<]+)</version>");
        Matcher dependency = Pattern.compile("<artifactId>asynctemp</artifactId>\\s*<version>([^<]+)</version>"
                + "|dev\\.asynctemp:asynctemp:([^\"\\s)]+)").matcher(readme);
        int found = 0;
        while (dependency.find()) {
            found++;
            String stated = dependency.group(1) != null ? dependency.group(1) : dependency.group(2);
            assertThat(stated).as("asynctemp version in the README").isEqualTo(version);
        }
        assertThat(found).as("asynctemp dependencies shown in the README").isPositive();
        String release = first(pom, "<maven.compiler.release>(\\d+)</maven.compiler.release>");
        String junit = first(pom, "<junit.version>(\\d+\\.\\d+)[^<]*</junit.version>");
        assertThat(readme).as("the README's requirements").contains("JDK " + release + " or newer")
                .contains("JUnit Jupiter " + junit + " or newer");
    }

    /** The failure message of the leaky test the README shows. */
    private static String leakReport() {
        return Fixtures.run(LeakDetectorExamples.ReportExporterTestCase.class).getFailures().get(0).getException()
                .getMessage();
    }

    /** The line printed for the directory the failing test the README shows keeps; then removes it. */
    private static String keptLine() {
        String printed = printedDuring(() -> Fixtures.run(KeptFilesExamples.ImportJobTestCase.class));
        List<String> lines = printed.lines().filter(line -> line.startsWith("asynctemp kept ")).toList();
        for (String line : lines) {
            removeTree(Path.of(line.split(" ")[2]));
        }
        return String.join("\n", lines);
    }

    private static String printedDuring(Runnable run) {
        PrintStream original = System.out;
        var bytes = new ByteArrayOutputStream();
        System.setOut(new PrintStream(bytes, true, StandardCharsets.UTF_8));
        try {
            run.run();
        } finally {
            System.setOut(original);
        }
        return bytes.toString(StandardCharsets.UTF_8);
    }

    /**
     * Masks what differs from run to run: the temp root (this module's private one, shown as a
     * project's {@code target/tmp-1}) and the random part of names, the JDK's digits included.
     */
    private static String normalize(String text) {
        String root = AsyncTempfile.gettempdir().join().toString();
        String masked = text.replace(root + File.separator, SHOWN_ROOT + "/").replace(root, SHOWN_ROOT).strip();
        masked = JDK_RANDOM.matcher(masked).replaceAll("$1<random>");
        return RANDOM.matcher(masked).replaceAll("<random>").replace(System.lineSeparator(), "\n");
    }

    /** How the README shows a private temp root. */
    private static final String SHOWN_ROOT = "/home/me/project/target/tmp-1";
    /** The random digits {@code Files.createTempFile} puts between prefix and suffix. */
    private static final Pattern JDK_RANDOM = Pattern.compile("(export-)\\d{6,}");

    /** The README's text blocks marked as outputs, dedented, by name. */
    private static Map<String, String> outputBlocks() throws IOException {
        List<String> readme = Files.readAllLines(README);
        var blocks = new LinkedHashMap<String, String>();
        for (int i = 0; i < readme.size(); i++) {
            Matcher marker = OUTPUT.matcher(readme.get(i));
            if (marker.matches()) {
                assertThat(readme.get(i + 1).strip()).as("the line after README line " + (i + 1)).isEqualTo("```text");
                int end = i + 2;
                while (!readme.get(end).strip().equals("```")) {
                    end++;
                }
                blocks.put(marker.group(1), ReadmeSnippetsTests.dedent(readme.subList(i + 2, end)));
                i = end;
            }
        }
        return blocks;
    }

    private static String first(String text, String regex) {
        Matcher matcher = Pattern.compile(regex).matcher(text);
        assertThat(matcher.find()).as(regex).isTrue();
        return matcher.group(1);
    }

    private static void removeTree(Path root) {
        try (Stream<Path> tree = Files.walk(root)) {
            for (Path path : tree.sorted(Comparator.reverseOrder()).toList()) {
                Files.delete(path);
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
