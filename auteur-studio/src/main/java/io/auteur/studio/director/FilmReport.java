package io.auteur.studio.director;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.auteur.engine.Judge;
import io.auteur.media.Clip;
import io.auteur.vision.Psnr;
import io.auteur.vision.QualityMetrics;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.Optional;
import java.util.OptionalDouble;

/**
 * The film's measurable qualities, taken from the film as delivered (decoded back from its file):
 * <ul>
 *   <li>at every cut, the PSNR between the last frame of the shot before and the first frame of the shot after;
 *       at CONTINUOUS cuts it should be high (target {@value #CONTINUOUS_CUT_TARGET_DB} dB) since the shot starts
 *       from that frame;</li>
 *   <li>the temporal flicker score of the film (VBench's measure, target {@value #FLICKER_TARGET}) over its
 *       consecutive frame pairs, leaving out the pairs across hard cuts: a cut to another shot is an edit, not
 *       flicker, and a 30-level jump at each of six cuts in 200 frames would cost the score 0.0035 whatever
 *       the shots are like. Pairs across CONTINUOUS cuts stay in, since those must be seamless. The score over
 *       every pair, cuts included, is reported beside it.</li>
 *   <li>when a judge is given, character consistency (target {@value #CHARACTER_TARGET}): whether each character
 *       is read as cast, skin, clothing and size, in every shot it is in ({@link CharacterConsistency}).</li>
 * </ul>
 */
public record FilmReport(String film, int shots, int scenes, int frames, double fps, List<Cut> cuts,
                         OptionalDouble minContinuousCutPsnrDb, double temporalFlicker,
                         double temporalFlickerAcrossCuts, Optional<CharacterConsistency> characters) {
    public static final double CONTINUOUS_CUT_TARGET_DB = 25, FLICKER_TARGET = 0.97, CHARACTER_TARGET = 0.90;

    public FilmReport {
        Objects.requireNonNull(film, "film");
        cuts = List.copyOf(cuts);
        Objects.requireNonNull(minContinuousCutPsnrDb, "minContinuousCutPsnrDb");
        Objects.requireNonNull(characters, "characters");
    }

    /** One cut: the shots it joins, how, and the PSNR across it. */
    public record Cut(int fromShot, int toShot, Continuity continuity, double psnrDb) {}

    /** Measures {@code film}, which must hold the plan's frames in order; with a judge, its characters too. */
    public static FilmReport measure(FilmPlan plan, Clip film, String filmName, Optional<Judge> judge) {
        if (film.frameCount() != plan.frameCount()) {
            throw new IllegalArgumentException(filmName + " has " + film.frameCount() + " frames but the plan "
                    + plan.frameCount());
        }
        List<Cut> cuts = new ArrayList<>();
        double min = Double.POSITIVE_INFINITY;
        for (int i = 1; i < plan.shots().size(); i++) {
            int start = plan.startFrame(i);
            double psnr = Psnr.of(film.frameRgb(start - 1), film.frameRgb(start));
            ShotPlan shot = plan.shots().get(i);
            cuts.add(new Cut(i, i + 1, shot.continuity(), psnr));
            if (shot.continuity() == Continuity.CONTINUOUS) {
                min = Math.min(min, psnr);
            }
        }
        double acrossCuts = film.frameCount() < 2 ? 1.0 : QualityMetrics.temporalFlicker(film);
        return new FilmReport(filmName, plan.shots().size(), plan.scenes().size(), plan.frameCount(), plan.fps(), cuts,
                Double.isInfinite(min) ? OptionalDouble.empty() : OptionalDouble.of(min), flickerWithinShots(plan, film),
                acrossCuts, judge.map(j -> CharacterConsistency.measure(plan, film, j)));
    }

    /**
     * The flicker score over the frame pairs of each run of shots joined by CONTINUOUS cuts, pooled: each run's
     * mean difference weighted by its number of pairs, as if the film's own score skipped the hard cuts.
     */
    private static double flickerWithinShots(FilmPlan plan, Clip film) {
        double difference = 0;
        int pairs = 0;
        int start = 0;
        for (int i = 1; i <= plan.shots().size(); i++) {
            if (i < plan.shots().size() && plan.shots().get(i).continuity() == Continuity.CONTINUOUS) {
                continue;
            }
            int end = i == plan.shots().size() ? film.frameCount() : plan.startFrame(i);
            if (end - start >= 2) {
                difference += (1 - QualityMetrics.temporalFlicker(film.frames(start, end))) * (end - start - 1);
                pairs += end - start - 1;
            }
            start = end;
        }
        return pairs == 0 ? 1.0 : 1 - difference / pairs;
    }

    public boolean continuityMet() {
        return minContinuousCutPsnrDb.orElse(Psnr.MAX_DB) >= CONTINUOUS_CUT_TARGET_DB;
    }

    public boolean flickerMet() {
        return temporalFlicker >= FLICKER_TARGET;
    }

    public boolean charactersMet() {
        return characters.map(c -> c.value() >= CHARACTER_TARGET).orElse(false);
    }

    public ObjectNode toJson() {
        ObjectMapper json = new ObjectMapper();
        ObjectNode root = json.createObjectNode();
        root.put("film", film);
        root.put("shots", shots);
        root.put("scenes", scenes);
        root.put("frames", frames);
        root.put("fps", fps);
        root.put("seconds", frames / fps);
        ArrayNode cutList = root.putArray("cuts");
        for (Cut cut : cuts) {
            cutList.addObject().put("fromShot", cut.fromShot()).put("toShot", cut.toShot())
                    .put("continuity", cut.continuity().name()).put("psnrDb", round(cut.psnrDb()));
        }
        ObjectNode measures = root.putObject("measures");
        ObjectNode continuity = measures.putObject("continuousCutPsnrDb");
        continuity.put("target", CONTINUOUS_CUT_TARGET_DB);
        if (minContinuousCutPsnrDb.isPresent()) {
            continuity.put("min", round(minContinuousCutPsnrDb.getAsDouble()));
        } else {
            continuity.putNull("min");
        }
        continuity.put("met", continuityMet());
        measures.putObject("temporalFlicker").put("target", FLICKER_TARGET).put("value", round(temporalFlicker))
                .put("met", flickerMet()).put("includingHardCuts", round(temporalFlickerAcrossCuts));
        measures.set("characterConsistency", characters.map(c -> c.toJson(CHARACTER_TARGET)).orElseGet(() ->
                json.createObjectNode().put("target", CHARACTER_TARGET).putNull("value").put("met", false)
                        .put("note", "not measured: no judge was given")));
        return root;
    }

    public void write(Path file) {
        try {
            Files.createDirectories(file.toAbsolutePath().getParent());
            Files.writeString(file, new ObjectMapper().enable(SerializationFeature.INDENT_OUTPUT)
                    .writeValueAsString(toJson()));
        } catch (IOException e) {
            throw new UncheckedIOException(file + ": cannot write the report: " + e.getMessage(), e);
        }
    }

    private static double round(double value) {
        return Math.round(value * 10_000) / 10_000.0;
    }
}
