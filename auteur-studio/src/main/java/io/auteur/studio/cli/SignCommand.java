package io.auteur.studio.cli;

import io.auteur.provenance.c2pa.Action;
import io.auteur.provenance.c2pa.C2pa;
import io.auteur.provenance.c2pa.Ingredient;
import io.auteur.provenance.c2pa.KeySigner;
import io.auteur.provenance.c2pa.LocalCredentials;
import io.auteur.provenance.c2pa.ManifestDefinition;
import io.auteur.provenance.c2pa.Relationship;
import io.auteur.provenance.c2pa.SigningAlgorithm;
import io.auteur.provenance.c2pa.SoftBinding;
import io.auteur.provenance.c2pa.ValidationReport;
import java.net.URI;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;
import picocli.CommandLine.Model.CommandSpec;

/** {@code auteur sign IN -o OUT}: embeds a signed C2PA manifest (Content Credentials) in an MP4, JPEG or PNG. */
@Command(name = "sign", mixinStandardHelpOptions = true,
        description = "Sign a video or image with Content Credentials (C2PA) saying it was made by an AI model.")
public final class SignCommand implements Callable<Integer> {
    @Spec
    CommandSpec spec;

    @Parameters(index = "0", paramLabel = "IN", description = "The MP4, MOV, JPEG or PNG to sign.")
    Path input;

    @Option(names = {"-o", "--output"}, required = true, paramLabel = "OUT", description = "Where to write the signed file (may equal IN).")
    Path output;

    @Option(names = "--key", paramLabel = "K", description = "Your private key: PEM (with --cert) or a PKCS#12 keystore (.p12/.pfx). Default: Auteur's local credential.")
    Path key;

    @Option(names = "--cert", paramLabel = "C", description = "PEM certificate chain for --key, signing certificate first.")
    Path cert;

    @Option(names = "--algorithm", defaultValue = "ES256", description = "Signature algorithm of --key: ${COMPLETION-CANDIDATES} (default ${DEFAULT-VALUE}).")
    SigningAlgorithm algorithm;

    @Option(names = "--ingredient", paramLabel = "FILE", description = "An input that guided the generation (inputTo). Repeatable.")
    List<Path> ingredients = new ArrayList<>();

    @Option(names = "--component", paramLabel = "FILE", description = "An input whose content is in the output, e.g. a previous shot (componentOf). Repeatable.")
    List<Path> components = new ArrayList<>();

    @Option(names = "--parent", paramLabel = "FILE", description = "The file this one is an edit of (parentOf); the action becomes c2pa.opened + c2pa.edited.")
    Path parent;

    @Option(names = "--title", description = "The title recorded in the manifest (default: the output's file name).")
    String title;

    @Option(names = "--model", defaultValue = "unknown-model", description = "The model id named as softwareAgent (default ${DEFAULT-VALUE}).")
    String model;

    @Option(names = "--model-version", defaultValue = "0", description = "The model version (default ${DEFAULT-VALUE}).")
    String modelVersion;

    @Option(names = "--visible-label", paramLabel = "TEXT", description = "Record that a visible label (e.g. \"AI-generated\") was burned into the picture.")
    String visibleLabel;

    @Option(names = "--soft-binding", paramLabel = "ALG:HEX", description = "The watermark soft binding: algorithm and payload in hex.")
    String softBinding;

    @Option(names = "--tsa", paramLabel = "URL", description = "An RFC 3161 time-stamping authority; none by default.")
    URI timestampAuthority;

    @Option(names = "--home", paramLabel = "DIR", description = "The Auteur home holding the local credential (default: AUTEUR_HOME or ~/.auteur).")
    Path home;

    private final Map<String, String> environment;

    public SignCommand() {
        this(System.getenv());
    }

    /** With the environment the passphrase ({@value LocalCredentials#PASSPHRASE_ENV}) is read from. */
    public SignCommand(Map<String, String> environment) {
        this.environment = Map.copyOf(environment);
    }

    @Override
    public Integer call() {
        KeySigner signer = signer();
        if (timestampAuthority != null) {
            signer = signer.withTimestampAuthority(timestampAuthority);
        }
        String name = title != null ? title : output.getFileName().toString();
        ManifestDefinition definition = parent != null
                ? ManifestDefinition.editOf(name, Ingredient.of(parent, Relationship.PARENT_OF), model, modelVersion)
                : ManifestDefinition.generated(name, model, modelVersion);
        for (Path file : ingredients) {
            definition = definition.withIngredient(Ingredient.of(file, Relationship.INPUT_TO));
        }
        List<Integer> placed = new ArrayList<>();
        for (Path file : components) {
            placed.add(definition.ingredients().size());
            definition = definition.withIngredient(Ingredient.of(file, Relationship.COMPONENT_OF));
        }
        if (!placed.isEmpty()) {
            definition = definition.withAction(Action.placed(placed));
        }
        if (visibleLabel != null) {
            definition = definition.withAction(Action.visibleLabel(visibleLabel, "bottom-right"));
        }
        if (softBinding != null) {
            int colon = softBinding.lastIndexOf(':');
            if (colon <= 0) {
                throw new IllegalArgumentException("--soft-binding must be ALGORITHM:HEX, was " + softBinding);
            }
            definition = definition.withSoftBinding(new SoftBinding(softBinding.substring(0, colon),
                    HexFormat.of().parseHex(softBinding.substring(colon + 1))));
        }
        C2pa c2pa = C2pa.withDefaults();
        c2pa.sign(input, output, definition, signer);
        Sealing.record(home != null ? home : Sealing.home(), output, null);
        ValidationReport report = c2pa.read(output).orElseThrow();
        spec.commandLine().getOut().println("signed " + output + " (" + report.state().label() + ", manifest "
                + report.activeManifest() + ", signed by " + report.active().signer().orElse("?") + ")");
        return 0;
    }

    private KeySigner signer() {
        if (key == null) {
            if (cert != null) {
                throw new IllegalArgumentException("--cert needs --key");
            }
            return Sealing.localSigner(home != null ? home : Sealing.home(), environment);
        }
        String name = key.getFileName().toString().toLowerCase(Locale.ROOT);
        if (name.endsWith(".p12") || name.endsWith(".pfx")) {
            return KeySigner.fromPkcs12(key, LocalCredentials.passphraseFrom(environment), algorithm);
        }
        if (cert == null) {
            throw new IllegalArgumentException("a PEM --key needs its certificate chain in --cert");
        }
        return KeySigner.fromPem(key, cert, algorithm);
    }
}
