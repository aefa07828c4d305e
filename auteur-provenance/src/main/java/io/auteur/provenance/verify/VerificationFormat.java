package io.auteur.provenance.verify;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import io.auteur.provenance.c2pa.ReportFormat;
import io.auteur.provenance.forensics.ForensicFeatures;
import io.auteur.provenance.forensics.ForensicScore;
import io.auteur.provenance.forensics.Forensics;
import io.auteur.provenance.watermark.Detection;
import io.auteur.provenance.watermark.Watermarker;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/** A verification for people (text: the verdict first, then the evidence) and for programs (JSON). */
public final class VerificationFormat {
    private static final ObjectMapper JSON = new ObjectMapper().enable(SerializationFeature.INDENT_OUTPUT);

    private VerificationFormat() {}

    public static String text(Verification verification) {
        StringBuilder out = new StringBuilder();
        out.append(verification.file()).append('\n');
        out.append("verdict: ").append(verification.headline()).append("\n\n");

        out.append("credentials: ").append(verification.source().label()).append('\n');
        verification.credentials().ifPresent(report -> ReportFormat.text("manifest", report).lines()
                .forEach(line -> out.append("  ").append(line).append('\n')));

        out.append("watermark: ");
        if (verification.watermark().isEmpty()) {
            out.append("not checked\n");
        } else {
            Detection d = verification.watermark().get();
            out.append(d.found()
                    ? String.format(Locale.ROOT, "found, payload %s%s, p <= %.2g, mean bit confidence %.2f over %d frames%n",
                    d.payload().hex(), d.payloadIntact() ? "" : " (checksum failed)", d.pValue(), d.meanConfidence(),
                    d.framesAnalysed())
                    : String.format(Locale.ROOT, "not found (score %.1f, threshold %.1f, %d frames)%n", d.score(),
                    d.threshold(), d.framesAnalysed()));
        }
        out.append("repository: ").append(verification.repositoryEntry()
                .map(e -> e.manifestLabel() + " in " + e.source()).orElse("no entry")).append('\n');

        out.append("\nevidence and checks:\n");
        for (Finding finding : verification.findings()) {
            out.append("  ").append(switch (finding.severity()) {
                case INFO -> "  ";
                case WARNING -> "! ";
                case PROBLEM -> "x ";
            }).append(finding.message()).append('\n');
        }

        out.append("\nforensics (supporting evidence only; never decides the verdict):\n");
        if (verification.forensics().isEmpty()) {
            out.append("  not computed\n");
        } else {
            ForensicScore score = verification.forensics().get();
            out.append("  ").append(score.summary()).append('\n');
            out.append("  limits: ").append(score.calibration().limits()).append('\n');
        }
        out.append("  sha256 ").append(verification.contentSha256()).append('\n');
        return out.toString();
    }

    public static String json(Verification verification) {
        Map<String, Object> root = new LinkedHashMap<>();
        root.put("file", verification.file().toString());
        root.put("sha256", verification.contentSha256());
        root.put("verdict", verification.verdict().name());
        root.put("headline", verification.headline());
        Map<String, Object> credentials = new LinkedHashMap<>();
        credentials.put("source", verification.source().name());
        credentials.put("report", verification.credentials().map(report -> read(ReportFormat.json(report))).orElse(null));
        root.put("credentials", credentials);
        root.put("watermark", verification.watermark().map(VerificationFormat::watermark).orElse(null));
        root.put("repository", verification.repositoryEntry().map(e -> {
            Map<String, Object> entry = new LinkedHashMap<>();
            entry.put("manifestLabel", e.manifestLabel());
            entry.put("watermark", e.watermark().map(p -> p.hex()).orElse(null));
            entry.put("contentSha256", e.contentSha256());
            entry.put("signedAt", e.signedAt().toString());
            entry.put("source", e.source());
            return entry;
        }).orElse(null));
        List<Object> findings = new ArrayList<>();
        for (Finding finding : verification.findings()) {
            Map<String, Object> item = new LinkedHashMap<>();
            item.put("severity", finding.severity().name());
            item.put("code", finding.code());
            item.put("message", finding.message());
            findings.add(item);
        }
        root.put("findings", findings);
        root.put("forensics", verification.forensics().map(VerificationFormat::forensics).orElse(null));
        try {
            return JSON.writeValueAsString(root);
        } catch (JsonProcessingException e) {
            throw new IllegalStateException("a verification must serialise", e);
        }
    }

    private static Object read(String json) {
        try {
            return JSON.readValue(json, Object.class);
        } catch (JsonProcessingException e) {
            throw new IllegalStateException("a validation report must serialise", e);
        }
    }

    private static Map<String, Object> watermark(Detection d) {
        Map<String, Object> node = new LinkedHashMap<>();
        node.put("algorithm", Watermarker.ALGORITHM);
        node.put("found", d.found());
        node.put("payload", d.found() ? d.payload().hex() : null);
        node.put("payloadIntact", d.found() ? d.payloadIntact() : null);
        node.put("pValue", d.pValue());
        node.put("score", d.score());
        node.put("threshold", d.threshold());
        node.put("falsePositiveRate", Detection.FALSE_POSITIVE_RATE);
        node.put("meanBitConfidence", d.meanConfidence());
        node.put("frames", d.framesAnalysed());
        List<Double> bits = new ArrayList<>();
        for (double c : d.bitConfidence()) {
            bits.add(Math.round(c * 1e4) / 1e4);
        }
        node.put("bitConfidence", bits);
        return node;
    }

    private static Map<String, Object> forensics(ForensicScore score) {
        Map<String, Object> node = new LinkedHashMap<>();
        node.put("probabilityGenerated", score.probabilityGenerated());
        node.put("generatedLike", score.generatedLike());
        node.put("decidesVerdict", false);
        ForensicFeatures f = score.features();
        Map<String, Object> features = new LinkedHashMap<>();
        features.put("spectralSlope", f.spectralSlope());
        features.put("highFrequencyRatioLog10", f.highFrequencyRatio());
        features.put("temporalNoiseCorrelation", f.temporal() ? f.temporalNoiseCorrelation() : null);
        features.put("noiseFloorLog10", f.noiseFloor());
        features.put("frames", f.framesAnalysed());
        node.put("features", features);
        Forensics.Calibration c = score.calibration();
        Map<String, Object> calibration = new LinkedHashMap<>();
        calibration.put("generatedClips", c.generatedClips());
        calibration.put("generatedFlagged", c.generatedFlagged());
        calibration.put("truePositiveRate", c.truePositiveRate());
        calibration.put("cameraClips", c.cameraClips());
        calibration.put("cameraFlagged", c.cameraFlagged());
        calibration.put("falsePositiveRate", c.falsePositiveRate());
        calibration.put("sample", c.sample());
        calibration.put("limits", c.limits());
        node.put("calibration", calibration);
        return node;
    }
}
