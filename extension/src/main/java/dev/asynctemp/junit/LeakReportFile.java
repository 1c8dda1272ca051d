package dev.asynctemp.junit;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.time.Instant;
import java.util.List;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * Writes one engine run's leak account as a JSON file of its own into the report directory, so
 * that every JVM of a build (Surefire and Gradle forks, CI shards) adds a file and none overwrites
 * another's. The format is versioned; {@code leak-report-1.schema.json}, shipped beside this class,
 * is its JSON Schema.
 */
final class LeakReportFile {

    /** The report format's version; bumped on any change a reader could notice. */
    static final int VERSION = 1;
    /** Identifies the format, for readers that meet more than one kind of JSON file. */
    static final String SCHEMA = "https://asynctemp.dev/schemas/leak-report-1.schema.json";

    private static final long PID = ProcessHandle.current().pid();
    private static final long JVM_START = ProcessHandle.current().info().startInstant().map(Instant::toEpochMilli)
            .orElseGet(System::currentTimeMillis);
    private static final AtomicInteger RUNS = new AtomicInteger();

    private LeakReportFile() {
    }

    /** What one engine run found. */
    record Account(int judged, List<RunState.ScopeLeaks> scopes, List<LeakedArtifact> runLevel) {
    }

    /**
     * Writes {@code account} into {@code directory}, creating it if needed, as
     * {@code asynctemp-leaks-<pid>-<jvm start>-<run>.json}; written whole or not at all.
     *
     * @return the file written
     * @throws IOException if the directory cannot be created or the file written
     */
    static Path write(Path directory, Account account) throws IOException {
        Files.createDirectories(directory);
        Path file = directory.resolve("asynctemp-leaks-" + PID + "-" + JVM_START + "-" + RUNS.incrementAndGet()
                + ".json");
        Path partial = Files.createTempFile(directory, ".asynctemp-leaks-", ".partial");
        try {
            Files.writeString(partial, json(account), StandardCharsets.UTF_8);
            Files.move(partial, file, StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
        } finally {
            Files.deleteIfExists(partial);
        }
        return file;
    }

    static String json(Account account) {
        var json = new StringBuilder("{\"schema\":").append(Leaks.quote(SCHEMA))
                .append(",\"version\":").append(VERSION)
                .append(",\"jvm\":{\"pid\":").append(PID)
                .append(",\"startTime\":").append(Leaks.quote(Instant.ofEpochMilli(JVM_START).toString()))
                .append(",\"javaVersion\":").append(Leaks.quote(System.getProperty("java.version", "")))
                .append('}')
                .append(",\"testsJudged\":").append(account.judged())
                .append(",\"leakingTests\":[");
        for (int i = 0; i < account.scopes().size(); i++) {
            RunState.ScopeLeaks scope = account.scopes().get(i);
            json.append(i == 0 ? "" : ",")
                    .append("{\"uniqueId\":").append(Leaks.quote(scope.uniqueId()))
                    .append(",\"displayName\":").append(Leaks.quote(scope.displayName()))
                    .append(",\"name\":").append(Leaks.quote(scope.name()))
                    .append(",\"mode\":").append(Leaks.quote(scope.mode().mode().name().toLowerCase(java.util.Locale.ROOT)))
                    .append(",\"modeSource\":").append(Leaks.quote(scope.mode().source()))
                    .append(",\"failed\":").append(scope.failed())
                    .append(",\"artifacts\":");
            artifacts(json, scope.artifacts());
            json.append('}');
        }
        json.append("],\"runLevel\":");
        artifacts(json, account.runLevel());
        return json.append('}').append(System.lineSeparator()).toString();
    }

    private static void artifacts(StringBuilder json, List<LeakedArtifact> leaks) {
        json.append('[');
        for (int i = 0; i < leaks.size(); i++) {
            LeakedArtifact leak = leaks.get(i);
            json.append(i == 0 ? "" : ",").append("{\"kind\":").append(Leaks.quote(leak.kind()))
                    .append(",\"path\":").append(leak.path() == null ? "null" : Leaks.quote(leak.path().toString()))
                    .append(",\"size\":");
            if (leak.size() == null) {
                json.append("null");
            } else {
                json.append("{\"value\":").append(leak.size().value()).append(",\"unit\":")
                        .append(Leaks.quote(leak.size().unit().name().toLowerCase(java.util.Locale.ROOT))).append('}');
            }
            json.append(",\"handleOpen\":").append(leak.handleOpen())
                    .append(",\"closeOutcome\":").append(Leaks.quote(leak.closeOutcome()))
                    .append(",\"detail\":").append(Leaks.quote(leak.detail()))
                    .append(",\"createdAt\":").append(leak.createdAt() == null ? "null" : Leaks.quote(leak.createdAt().toString()))
                    .append(",\"doubt\":").append(Leaks.quote(leak.doubt()))
                    .append(",\"candidates\":[");
            for (int c = 0; c < leak.candidates().size(); c++) {
                json.append(c == 0 ? "" : ",").append(Leaks.quote(leak.candidates().get(c)));
            }
            json.append("]}");
        }
        json.append(']');
    }
}
