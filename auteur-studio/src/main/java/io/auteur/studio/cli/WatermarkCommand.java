package io.auteur.studio.cli;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.auteur.media.Limits;
import io.auteur.media.MediaException;
import io.auteur.provenance.watermark.Detection;
import io.auteur.provenance.watermark.Payload;
import io.auteur.provenance.watermark.WatermarkException;
import io.auteur.provenance.watermark.WatermarkKey;
import io.auteur.provenance.watermark.Watermarker;
import java.io.PrintWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.SecureRandom;
import java.util.Locale;
import java.util.concurrent.Callable;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;

/** {@code auteur watermark}: embed and detect Auteur's invisible video watermark. */
@Command(name = "watermark", mixinStandardHelpOptions = true,
        description = {"Embed or detect Auteur's invisible, keyed video watermark (64-bit payload).",
            "Examples: auteur watermark embed in.mp4 -o marked.mp4 --payload 00c0ffee12345678",
            "          auteur watermark detect marked.mp4 --json"},
        subcommands = {WatermarkCommand.Embed.class, WatermarkCommand.Detect.class, CommandLine.HelpCommand.class})
public final class WatermarkCommand extends CommandGroup {
    /** The studio's key in the Auteur home (as {@link Sealing#home()} finds it), so generated outputs are detected. */
    static final String DEFAULT_KEY = "${sys:auteur.home:-${env:AUTEUR_HOME:-${sys:user.home}/.auteur}}/watermark.key";

    /** Typed errors are the user's to fix: one line, no stack trace. */
    static int fail(CommandSpec spec, RuntimeException error) {
        spec.commandLine().getErr().println("auteur watermark: " + error.getMessage());
        return 1;
    }

    @Command(name = "embed", mixinStandardHelpOptions = true,
            description = "Mark every frame of a video (H.264 MP4 out, sound copied).")
    static final class Embed implements Callable<Integer> {
        @Spec
        CommandSpec spec;

        @Parameters(index = "0", paramLabel = "IN", description = "The video to mark.")
        Path input;

        @Option(names = {"-o", "--output"}, required = true, paramLabel = "OUT.mp4", description = "The marked video.")
        Path output;

        @Option(names = "--payload", paramLabel = "HEX",
                description = "16 hex digits (64 bits) to carry; a random payload when left out (printed).")
        String payload;

        @Option(names = "--key", paramLabel = "FILE", defaultValue = DEFAULT_KEY,
                description = "Key file (32 bytes or 64 hex digits); created with a fresh key when missing. "
                        + "Default: ${DEFAULT-VALUE}")
        Path key;

        @Option(names = "--crf", defaultValue = "18", description = "H.264 quality of the output (default ${DEFAULT-VALUE}).")
        int crf;

        @Override
        public Integer call() {
            PrintWriter out = spec.commandLine().getOut();
            try {
                Payload bits = payload == null ? Payload.random(new SecureRandom()) : Payload.fromHex(payload);
                if (crf < 0 || crf > 51) {
                    throw new WatermarkException("--crf must lie in [0, 51], was " + crf);
                }
                if (!Files.exists(input)) {
                    throw new WatermarkException(input + ": no such file");
                }
                WatermarkKey watermarkKey;
                if (Files.exists(key)) {
                    watermarkKey = WatermarkKey.read(key);
                } else {
                    watermarkKey = WatermarkKey.generate(new SecureRandom());
                    watermarkKey.write(key);
                    out.println("created a new watermark key in " + key + " (keep it: detection needs it)");
                }
                new Watermarker(watermarkKey).embed(input, output, bits, crf, Limits.DEFAULT);
                out.println("marked " + output + " with payload " + bits.hex() + " (algorithm " + Watermarker.ALGORITHM
                        + ", key " + watermarkKey.fingerprint() + ")");
                return 0;
            } catch (WatermarkException | MediaException e) {
                return fail(spec, e);
            }
        }
    }

    @Command(name = "detect", mixinStandardHelpOptions = true,
            description = {"Look for the watermark. Exit status 0: found; 3: not found; 1: error.",
                "The decision is set for a false-positive rate of at most 1e-6 per video."})
    static final class Detect implements Callable<Integer> {
        static final int NOT_FOUND = 3;

        @Spec
        CommandSpec spec;

        @Parameters(index = "0", paramLabel = "FILE", description = "The video to examine.")
        Path file;

        @Option(names = "--key", paramLabel = "FILE", defaultValue = DEFAULT_KEY,
                description = "Key file the video was marked with. Default: ${DEFAULT-VALUE}")
        Path key;

        @Option(names = "--json", description = "Print the result as JSON.")
        boolean json;

        @Override
        public Integer call() throws Exception {
            PrintWriter out = spec.commandLine().getOut();
            try {
                Detection detection = new Watermarker(WatermarkKey.read(key)).detect(file, Limits.DEFAULT);
                if (json) {
                    out.println(new ObjectMapper().writerWithDefaultPrettyPrinter().writeValueAsString(toJson(detection)));
                } else if (detection.found()) {
                    out.printf(Locale.ROOT, "watermark found: payload %s%s (p <= %.3g, score %.1f over threshold %.1f, "
                                    + "%d frames)%n", detection.payload().hex(),
                            detection.payloadIntact() ? "" : " (checksum failed: payload unreliable)",
                            detection.pValue(), detection.score(), detection.threshold(), detection.framesAnalysed());
                } else {
                    out.printf(Locale.ROOT, "no watermark found (score %.1f, threshold %.1f, %d frames)%n",
                            detection.score(), detection.threshold(), detection.framesAnalysed());
                }
                return detection.found() ? 0 : NOT_FOUND;
            } catch (WatermarkException | MediaException e) {
                return fail(spec, e);
            }
        }

        private static ObjectNode toJson(Detection detection) {
            ObjectNode node = new ObjectMapper().createObjectNode();
            node.put("algorithm", Watermarker.ALGORITHM);
            node.put("found", detection.found());
            if (detection.found()) {
                node.put("payload", detection.payload().hex());
                node.put("payloadIntact", detection.payloadIntact());
            }
            node.put("pValue", detection.pValue());
            node.put("score", detection.score());
            node.put("threshold", detection.threshold());
            node.put("falsePositiveRate", Detection.FALSE_POSITIVE_RATE);
            node.put("cropScale", detection.cropScale());
            node.put("flipped", detection.flipped());
            node.put("frames", detection.framesAnalysed());
            ArrayNode confidence = node.putArray("bitConfidence");
            for (double c : detection.bitConfidence()) {
                confidence.add(Math.round(c * 1e4) / 1e4);
            }
            return node;
        }
    }
}
