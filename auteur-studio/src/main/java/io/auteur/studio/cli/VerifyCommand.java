package io.auteur.studio.cli;

import io.auteur.media.Limits;
import io.auteur.provenance.c2pa.TrustAnchors;
import io.auteur.provenance.verify.ManifestLookup;
import io.auteur.provenance.verify.Verification;
import io.auteur.provenance.verify.VerificationFormat;
import io.auteur.provenance.verify.Verifier;
import io.auteur.studio.db.Database;
import io.auteur.studio.home.AuteurHome;
import io.auteur.studio.verify.HtmlReport;
import io.auteur.studio.verify.StudioVerifier;
import io.auteur.studio.verify.ServerManifestLookup;
import java.net.URI;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;

/** {@code auteur verify FILE}: what a video or image is and where it came from, in plain words, then the evidence. */
@Command(name = "verify", mixinStandardHelpOptions = true,
        description = {"Say what a video or image is and where it came from: its Content Credentials (C2PA), Auteur's "
                + "watermark, the manifest recovered through the watermark when the credentials were stripped, "
                + "consistency checks, and pixel forensics as supporting evidence.",
            "Example: auteur verify clip.mp4 --html report.html"})
public final class VerifyCommand implements Callable<Integer> {
    @Spec
    CommandSpec spec;

    @Parameters(index = "0", paramLabel = "FILE", description = "The MP4/MOV (or any video FFmpeg reads), JPEG or PNG.")
    Path file;

    @Option(names = "--json", description = "Print the report as JSON.")
    boolean json;

    @Option(names = "--html", paramLabel = "REPORT.html", description = "Also write an HTML report with thumbnails, "
            + "the ingredient graph and the watermark confidence.")
    Path html;

    @Option(names = "--server", paramLabel = "URL", description = "Also ask a studio server for manifests by watermark "
            + "(GET URL/v1/manifests/by-watermark/ID).")
    URI server;

    @Option(names = "--key", paramLabel = "FILE", description = "The watermark key (default: the Auteur home's).")
    Path key;

    @Option(names = "--trust", paramLabel = "ANCHORS.pem", description = "Trust anchors in PEM, added to the Auteur "
            + "home's local CA.")
    Path trust;

    @Option(names = "--no-forensics", description = "Skip the pixel forensics.")
    boolean noForensics;

    private final Map<String, String> environment;

    public VerifyCommand() {
        this(System.getenv());
    }

    /** With the environment the database URL ({@value Database#URL_ENV}) is read from. */
    public VerifyCommand(Map<String, String> environment) {
        this.environment = Map.copyOf(environment);
    }

    @Override
    public Integer call() {
        AuteurHome home = new AuteurHome(Sealing.home(), environment);
        List<ManifestLookup> servers = server == null ? List.of() : List.of(ServerManifestLookup.of(server));
        Verifier verifier = StudioVerifier.forHome(home, Optional.ofNullable(key),
                trust == null ? TrustAnchors.none() : TrustAnchors.fromPem(trust), servers, Limits.DEFAULT);
        Verification verification = (noForensics ? verifier.withoutForensics() : verifier).verify(file);
        java.io.PrintWriter out = spec.commandLine().getOut();
        out.print(json ? VerificationFormat.json(verification) + "\n" : VerificationFormat.text(verification));
        out.flush();
        if (html != null) {
            HtmlReport.write(verification, html, Limits.DEFAULT);
            if (!json) {
                spec.commandLine().getOut().println("wrote " + html);
            }
        }
        return 0;
    }
}
