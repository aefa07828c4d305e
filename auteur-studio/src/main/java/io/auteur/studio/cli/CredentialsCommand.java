package io.auteur.studio.cli;

import io.auteur.provenance.c2pa.C2pa;
import io.auteur.provenance.c2pa.ReportFormat;
import io.auteur.provenance.c2pa.TrustAnchors;
import io.auteur.provenance.c2pa.ValidationReport;
import io.auteur.provenance.c2pa.ValidationState;
import java.nio.file.Path;
import java.util.Optional;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;
import picocli.CommandLine.Model.CommandSpec;

/**
 * {@code auteur credentials FILE}: what a file's Content Credentials say and whether they hold. Exit code 0 when
 * Valid or Trusted, 1 when Invalid, 3 when the file has no manifest.
 */
@Command(name = "credentials", mixinStandardHelpOptions = true,
        description = "Show and validate the Content Credentials (C2PA manifest) of a video or image.")
public final class CredentialsCommand implements Callable<Integer> {
    static final int NO_MANIFEST = 3;

    @Spec
    CommandSpec spec;

    @Parameters(index = "0", paramLabel = "FILE", description = "The MP4, MOV, JPEG or PNG to inspect.")
    Path file;

    @Option(names = "--json", description = "Print the full report as JSON.")
    boolean json;

    @Option(names = "--trust", paramLabel = "PEM", description = "Trust anchors (PEM): signatures chaining to them report Trusted.")
    Path trust;

    @Override
    public Integer call() {
        C2pa c2pa = C2pa.withDefaults();
        if (trust != null) {
            c2pa = c2pa.withTrustAnchors(TrustAnchors.fromPem(trust));
        }
        Optional<ValidationReport> report = c2pa.read(file);
        if (report.isEmpty()) {
            spec.commandLine().getOut().println(json ? "{\"file\": \"" + file.toString().replace("\\", "\\\\")
                    .replace("\"", "\\\"") + "\", \"manifest\": null}" : file + ": no Content Credentials");
            return NO_MANIFEST;
        }
        java.io.PrintWriter out = spec.commandLine().getOut();
        out.print(json ? ReportFormat.json(report.get()) + "\n" : ReportFormat.text(file.toString(), report.get()));
        out.flush();
        return report.get().state() == ValidationState.INVALID ? 1 : 0;
    }
}
