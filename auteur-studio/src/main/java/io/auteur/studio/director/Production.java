package io.auteur.studio.director;

import io.auteur.engine.Judge;
import io.auteur.engine.Pictures;
import io.auteur.media.AudioTrack;
import io.auteur.media.Chapter;
import io.auteur.media.Chapters;
import io.auteur.media.Clip;
import io.auteur.media.EncodeOptions;
import io.auteur.media.Limits;
import io.auteur.media.Video;
import io.auteur.provenance.c2pa.Action;
import io.auteur.provenance.c2pa.DigitalSourceType;
import io.auteur.provenance.c2pa.Ingredient;
import io.auteur.provenance.c2pa.ManifestDefinition;
import io.auteur.provenance.c2pa.Relationship;
import io.auteur.provenance.c2pa.TrainingMining;
import io.auteur.studio.director.Director.Take;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.stream.IntStream;

/**
 * Puts the takes together and delivers the film:
 * <ol>
 *   <li>assemble the takes in order (resized for viewing when asked) and watermark the whole film once, so every
 *       shot carries the same payload;</li>
 *   <li>write each shot as its own file beside the film ({@code film.shots/shot-01.mp4}) and sign it as generated
 *       by the model;</li>
 *   <li>write the film, add a chapter per scene, and sign it with every shot as a componentOf ingredient (each
 *       carrying its own manifest) placed into it;</li>
 *   <li>write what else was asked: the OpenTimelineIO cut, the storyboard, the measured report (read back from
 *       the film's file, as a viewer gets it).</li>
 * </ol>
 */
public final class Production {
    private Production() {}

    /** Where things go; the film is required, the rest optional. */
    public record Outputs(Path film, Optional<Path> storyboard, Optional<Path> otio, Optional<Path> report) {
        public Outputs {
            Objects.requireNonNull(film, "film");
            Objects.requireNonNull(storyboard, "storyboard");
            Objects.requireNonNull(otio, "otio");
            Objects.requireNonNull(report, "report");
        }
    }

    /** The model the takes came from, as provenance names it. */
    public record Model(String name, String version) {}

    /** What was written. */
    public record Delivered(Path film, List<Path> shotFiles, List<Chapter> chapters, int width, int height,
                            Optional<FilmReport> report) {}

    /**
     * @param viewSize     width and height to resize every frame to, or empty for the model's size
     * @param otioMetadata what the timeline records about how the film was made (script, model, seed, steps)
     * @param judge        reads the characters in every shot for the report (empty: not measured)
     */
    public static Delivered deliver(FilmPlan plan, List<Take> takes, Model model, Optional<int[]> viewSize,
                                    Outputs outputs, Sealer sealer, Map<String, Object> otioMetadata,
                                    Optional<Judge> judge) {
        if (takes.size() != plan.shots().size()) {
            throw new IllegalArgumentException(plan.shots().size() + " shots planned but " + takes.size() + " taken");
        }
        // 1. Assemble and watermark.
        Clip film = assemble(takes, viewSize);
        Sealer.Marked marked = sealer.watermark(film);
        List<Clip> shots = new ArrayList<>();
        for (int i = 0; i < takes.size(); i++) {
            shots.add(marked.clip().frames(plan.startFrame(i), plan.startFrame(i + 1)));
        }
        // 2. The shot files.
        List<Path> shotFiles = writeShots(plan, shots, outputs.film(), model, sealer, marked);
        // 3. The film, its chapters and its credentials.
        Video.write(marked.clip(), outputs.film(), EncodeOptions.h264(AudioTrack.none()));
        List<Chapter> chapters = plan.chapters();
        Chapters.write(outputs.film(), chapters);
        sealer.sign(outputs.film(), filmManifest(plan, shotFiles, model, outputs.film()), marked.payload());
        // 4. What else was asked for.
        outputs.otio().ifPresent(otio -> OtioTimeline.write(plan, shotFiles, otioMetadata, otio));
        outputs.storyboard().ifPresent(board -> Storyboard.write(plan,
                shots.stream().map(shot -> shot.frames(0, 1)).toList(), board));
        Optional<FilmReport> report = outputs.report().map(file -> {
            Clip delivered = Video.read(outputs.film(), Limits.DEFAULT.withMaxFrameCount(plan.frameCount() + 16));
            FilmReport measured = FilmReport.measure(plan, delivered, outputs.film().getFileName().toString(),
                    judge);
            measured.write(file);
            return measured;
        });
        return new Delivered(outputs.film(), shotFiles, chapters, film.width(), film.height(), report);
    }

    /** The folder the shot files go in: {@code film.shots} beside {@code film.mp4}. */
    public static Path shotFolder(Path film) {
        String name = film.getFileName().toString();
        int dot = name.lastIndexOf('.');
        return film.toAbsolutePath().resolveSibling((dot > 0 ? name.substring(0, dot) : name) + ".shots");
    }

    private static Clip assemble(List<Take> takes, Optional<int[]> viewSize) {
        List<byte[]> frames = new ArrayList<>();
        int width = 0, height = 0;
        double fps = takes.getFirst().clip().fps();
        for (Take take : takes) {
            Clip clip = viewSize.map(size -> Pictures.resize(take.clip(), size[0], size[1])).orElse(take.clip());
            width = clip.width();
            height = clip.height();
            for (int t = 0; t < clip.frameCount(); t++) {
                frames.add(clip.frameRgb(t));
            }
        }
        return Clip.of(frames, width, height, fps);
    }

    private static List<Path> writeShots(FilmPlan plan, List<Clip> shots, Path film, Model model, Sealer sealer,
                                         Sealer.Marked marked) {
        Path folder = shotFolder(film);
        try {
            Files.createDirectories(folder);
            // Shots of an earlier, longer cut of this film would otherwise linger beside the new ones.
            try (var old = Files.list(folder)) {
                for (Path file : old.filter(f -> f.getFileName().toString().matches("shot-\\d+\\.mp4")).toList()) {
                    Files.delete(file);
                }
            }
        } catch (IOException e) {
            throw new UncheckedIOException(folder + ": cannot prepare the shot folder: " + e.getMessage(), e);
        }
        int digits = Math.max(2, String.valueOf(plan.shots().size()).length());
        List<Path> files = new ArrayList<>();
        for (int i = 0; i < shots.size(); i++) {
            ShotPlan shot = plan.shots().get(i);
            Path file = folder.resolve(String.format("shot-%0" + digits + "d.mp4", shot.number()));
            Video.write(shots.get(i), file, EncodeOptions.h264(AudioTrack.none()));
            sealer.sign(file, ManifestDefinition.generated(shotTitle(shot, file), model.name(), model.version()),
                    marked.payload());
            files.add(file);
        }
        return files;
    }

    /** The film was created by the model and assembled from its shots: each one a componentOf ingredient. */
    private static ManifestDefinition filmManifest(FilmPlan plan, List<Path> shotFiles, Model model, Path film) {
        List<Ingredient> ingredients = new ArrayList<>();
        for (int i = 0; i < shotFiles.size(); i++) {
            ingredients.add(new Ingredient(shotFiles.get(i), Relationship.COMPONENT_OF,
                    shotTitle(plan.shots().get(i), shotFiles.get(i))));
        }
        String title = plan.title().isEmpty() ? film.getFileName().toString() : plan.title();
        return new ManifestDefinition(title,
                List.of(Action.created(DigitalSourceType.TRAINED_ALGORITHMIC_MEDIA, model.name(), model.version()),
                        Action.placed(IntStream.range(0, ingredients.size()).boxed().toList())),
                ingredients, Optional.empty(), TrainingMining.notAllowed());
    }

    private static String shotTitle(ShotPlan shot, Path file) {
        String line = shot.scriptLine().length() > 80 ? shot.scriptLine().substring(0, 77) + "..." : shot.scriptLine();
        return file.getFileName() + " (" + line + ")";
    }
}
