package io.auteur.bench;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;

/**
 * Long coverage-guided runs of the C2PA parsers' Jazzer fuzz targets (auteur-provenance {@code FuzzTargetsTest}:
 * JUMBF, CBOR/COSE, containers with validation). Every build fuzzes each target for a few seconds; this runs the
 * same Maven executions ({@code fuzz-jumbf}, {@code fuzz-cose}, {@code fuzz-containers}) for longer, one target at
 * a time (Jazzer fuzzes one target per JVM, on one core), and prints what libFuzzer reports: executions, new
 * coverage, corpus size and findings. The corpora under auteur-provenance/target/fuzz-* grow from run to run.
 *
 * <p>Usage, from the repository root: {@code FuzzSoak [secondsPerTarget=300] [extra Maven arguments, e.g. -o]}.
 * The same run by hand: {@code ./mvnw -pl auteur-provenance test-compile surefire:test@fuzz-jumbf -Dfuzz.seconds=300}.
 */
public final class FuzzSoak {
    private static final List<String> TARGETS = List.of("fuzz-jumbf", "fuzz-cose", "fuzz-containers");
    private static final Pattern DONE = Pattern.compile("^Done (\\d+) runs in (\\d+) second");
    private static final Pattern STAT = Pattern.compile("^stat::(\\w+):\\s+(\\d+)");

    /** What one target's run reported. */
    record Run(String target, int mavenExitCode, long executions, long seconds, long execPerSecond, long newUnits,
               long corpusFiles, List<String> findings) {
        boolean clean() {
            return mavenExitCode == 0 && findings.isEmpty() && executions > 0;
        }
    }

    private FuzzSoak() {
    }

    public static void main(String[] args) throws Exception {
        int seconds = args.length > 0 ? Integer.parseInt(args[0]) : 300;
        if (seconds < 1 || seconds > 86_400) {
            throw new IllegalArgumentException("secondsPerTarget must be 1..86400, not " + seconds);
        }
        List<String> mavenExtra = args.length > 1 ? List.of(args).subList(1, args.length) : List.of();
        Path root = Path.of("").toAbsolutePath();
        if (!Files.isRegularFile(root.resolve("mvnw")) || !Files.isDirectory(root.resolve("auteur-provenance"))) {
            throw new IllegalStateException(root + " is not the Auteur repository root (no mvnw / auteur-provenance)");
        }

        // 1. Compile the tests once; each target then runs in its own Maven execution and JVM.
        List<String> compile = maven(root, mavenExtra, "test-compile");
        if (run(root, compile, line -> { }) != 0) {
            throw new IllegalStateException("auteur-provenance does not compile: " + String.join(" ", compile));
        }

        // 2. Fuzz each target for the time asked, collecting libFuzzer's final statistics.
        List<Run> runs = new ArrayList<>();
        for (String target : TARGETS) {
            System.out.printf("fuzzing %s for %d s ...%n", target, seconds);
            long[] stats = new long[4]; // executions, seconds, exec/s, new coverage units
            List<String> findings = new ArrayList<>();
            int exit = run(root, maven(root, mavenExtra, "surefire:test@" + target, "-Dfuzz.seconds=" + seconds), line -> {
                Matcher done = DONE.matcher(line);
                if (done.find()) {
                    stats[0] = Long.parseLong(done.group(1));
                    stats[1] = Long.parseLong(done.group(2));
                }
                Matcher stat = STAT.matcher(line);
                if (stat.find()) {
                    switch (stat.group(1)) {
                        case "average_exec_per_sec" -> stats[2] = Long.parseLong(stat.group(2));
                        case "new_units_added" -> stats[3] = Long.parseLong(stat.group(2));
                        default -> { }
                    }
                }
                // Jazzer's and libFuzzer's words for a finding: an uncaught exception, a timeout, memory.
                if (line.contains("== Java Exception") || line.contains("ERROR: libFuzzer") || line.contains("crash-")
                        || line.contains("Test unit written to")) {
                    findings.add(line.strip());
                }
            });
            runs.add(new Run(target, exit, stats[0], stats[1], stats[2], stats[3], corpusFiles(root, target), findings));
        }

        // 3. The table.
        System.out.println();
        System.out.println("| target | seconds | executions | exec/s | new coverage units | corpus files | findings |");
        System.out.println("|---|---|---|---|---|---|---|");
        for (Run r : runs) {
            System.out.printf("| %s | %d | %,d | %,d | %d | %d | %s |%n", r.target(), r.seconds(), r.executions(),
                    r.execPerSecond(), r.newUnits(), r.corpusFiles(),
                    r.clean() ? "none" : r.findings().isEmpty() ? "Maven exit " + r.mavenExitCode() : String.join("; ", r.findings()));
        }
        if (runs.stream().anyMatch(r -> !r.clean())) {
            System.exit(1);
        }
    }

    private static List<String> maven(Path root, List<String> extra, String... goals) {
        List<String> command = new ArrayList<>(List.of(root.resolve("mvnw").toString(), "-pl", "auteur-provenance"));
        command.addAll(extra);
        command.addAll(List.of(goals));
        return command;
    }

    private static int run(Path root, List<String> command, java.util.function.Consumer<String> lines)
            throws IOException, InterruptedException {
        Process process = new ProcessBuilder(command).directory(root.toFile()).redirectErrorStream(true).start();
        try (BufferedReader out = new BufferedReader(new InputStreamReader(process.getInputStream(), StandardCharsets.UTF_8))) {
            for (String line = out.readLine(); line != null; line = out.readLine()) {
                lines.accept(line);
            }
        } finally {
            if (process.isAlive()) {
                process.destroy();
            }
        }
        return process.waitFor();
    }

    private static long corpusFiles(Path root, String target) throws IOException {
        Path corpus = root.resolve("auteur-provenance/target").resolve(target).resolve(".cifuzz-corpus");
        if (!Files.isDirectory(corpus)) {
            return 0;
        }
        try (Stream<Path> files = Files.walk(corpus, 4)) {
            return files.filter(Files::isRegularFile).count();
        }
    }
}
