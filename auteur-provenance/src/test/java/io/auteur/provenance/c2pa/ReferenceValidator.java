package io.auteur.provenance.c2pa;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;

/**
 * The reference implementation (c2pa-rs as WebAssembly, run by Node), copied from ../shared/tools/c2pa-check
 * into target/ and installed there once, so ../shared stays read-only.
 */
final class ReferenceValidator {
    /** What c2pa-check printed: exit code 0 (manifest read), 3 (no manifest) or 1 (error). */
    record Verdict(int exitCode, JsonNode json) {
        String state() {
            return json.path("state").asText(null);
        }

        List<String> failures() {
            List<String> out = new ArrayList<>();
            json.path("failures").forEach(n -> out.add(n.asText()));
            return out;
        }
    }

    private static Path installed;

    private ReferenceValidator() {
    }

    static synchronized Path install() {
        if (installed != null) {
            return installed;
        }
        Path source = Shared.root().resolve("tools/c2pa-check");
        Path target = Path.of("target", "c2pa-check").toAbsolutePath();
        try {
            Files.createDirectories(target);
            for (String name : List.of("package.json", "package-lock.json", "check.mjs")) {
                Files.copy(source.resolve(name), target.resolve(name), StandardCopyOption.REPLACE_EXISTING);
            }
            if (!Files.isDirectory(target.resolve("node_modules/@contentauth/c2pa-wasm"))) {
                int code = run(target, List.of("sh", "-c", "npm ci --offline --no-audit --no-fund || npm ci --no-audit --no-fund"), 300).exitCode;
                if (code != 0) {
                    throw new AssertionError("npm ci failed in " + target);
                }
            }
        } catch (IOException e) {
            throw new AssertionError("cannot set up c2pa-check in " + target + ": " + e.getMessage(), e);
        }
        installed = target;
        return target;
    }

    static Verdict check(Path file) {
        return check(file, false);
    }

    /** With {@code full}, the JSON also holds the whole store as c2pa-rs reports it, under "store". */
    static Verdict check(Path file, boolean full) {
        Path dir = install();
        List<String> command = new ArrayList<>(List.of("node", dir.resolve("check.mjs").toString(),
                file.toAbsolutePath().toString()));
        if (full) {
            command.add("--full");
        }
        Result result = run(dir, command, 120);
        try {
            return new Verdict(result.exitCode, new ObjectMapper().readTree(result.stdout));
        } catch (IOException e) {
            throw new AssertionError("c2pa-check printed no JSON for " + file + ": " + result.stdout, e);
        }
    }

    private record Result(int exitCode, String stdout) {
    }

    private static Result run(Path dir, List<String> command, int timeoutSeconds) {
        try {
            Process process = new ProcessBuilder(command).directory(dir.toFile())
                    .redirectError(ProcessBuilder.Redirect.DISCARD).start();
            byte[] out = process.getInputStream().readAllBytes();
            if (!process.waitFor(timeoutSeconds, TimeUnit.SECONDS)) {
                process.destroyForcibly();
                throw new AssertionError(command + " did not finish in " + timeoutSeconds + " s");
            }
            return new Result(process.exitValue(), new String(out, StandardCharsets.UTF_8));
        } catch (IOException e) {
            throw new AssertionError("cannot run " + command + ": " + e.getMessage(), e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new AssertionError("interrupted", e);
        }
    }
}
