package io.auteur.studio.eval;

import io.auteur.previs.CameraMove;
import io.auteur.previs.Motion;
import io.auteur.previs.NamedColour;
import io.auteur.previs.RenderSettings;
import io.auteur.previs.Scene;
import io.auteur.previs.SceneObject;
import io.auteur.previs.Size;
import io.auteur.previs.caption.CaptionWriter;
import io.auteur.previs.caption.PromptException;
import io.auteur.previs.caption.PromptParser;
import io.auteur.previs.dataset.DatasetWriter;
import io.auteur.previs.dataset.SceneSampler;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import java.util.Set;

/**
 * The held-out prompts: a general set, every prompt naming one object, and a physics set of falling and bouncing
 * objects. By default they are drawn from the previs grammar at seeds no training run uses
 * ({@link #FIRST_SEED} on; the bundled model trains on 1,000,000-1,002,999, the judge on 5,000,000 and up), so
 * the same set is rendered on every run and comparable across models.
 */
public record EvalPlan(List<EvalCase> cases, List<EvalCase> physics) {
    /** First scene seed of the default prompt set. */
    static final long FIRST_SEED = 2_000_000;
    /** First scene seed of the physics set (falling and bouncing objects under a still camera). */
    static final long PHYSICS_FIRST_SEED = 2_500_000;
    static final int MAX_PROMPTS = 10_000;
    static final long MAX_PROMPT_FILE_BYTES = 1 << 20;

    /** Colours too close to grey or to one another to be segmented by colour alone in the physics set. */
    private static final Set<NamedColour> TRACKABLE = Set.of(NamedColour.RED, NamedColour.GREEN, NamedColour.BLUE,
            NamedColour.YELLOW, NamedColour.PURPLE, NamedColour.CYAN, NamedColour.PINK);

    public EvalPlan {
        cases = List.copyOf(cases);
        physics = List.copyOf(physics);
    }

    /** The built-in set: {@code count} drawn prompts and {@code physicsCount} physics prompts. */
    public static EvalPlan drawn(int count, int physicsCount, RenderSettings settings) {
        return new EvalPlan(drawn(count, settings), physics(physicsCount, settings));
    }

    /** The prompts of a file, plus the built-in physics prompts. */
    public static EvalPlan fromFile(Path file, int physicsCount, RenderSettings settings) throws IOException {
        return new EvalPlan(fromFile(file, settings), physics(physicsCount, settings));
    }

    /** How many clips the plan generates: every prompt from text, every third also conditioned, and physics. */
    public int generations() {
        return cases.size() + (cases.size() + 2) / 3 + physics.size();
    }

    /** {@code count} scenes with exactly one object (the judge reads the primary subject), actor or not. */
    private static List<EvalCase> drawn(int count, RenderSettings settings) {
        List<EvalCase> cases = new ArrayList<>();
        for (long seed = FIRST_SEED; cases.size() < count; seed++) {
            Scene scene = SceneSampler.sample(seed);
            if (scene.objects().size() == 1) {
                cases.add(render(scene, new CaptionWriter().write(scene, new Random(seed)), seed, settings));
            }
        }
        return cases;
    }

    /**
     * {@code count} falling or bouncing objects with no actor, seen by a still camera, in colours that stand out
     * from the ground and big enough to cover more than a few pixels, so the object can be followed by its colour
     * in generated clips too.
     */
    private static List<EvalCase> physics(int count, RenderSettings settings) {
        List<EvalCase> cases = new ArrayList<>();
        for (long seed = PHYSICS_FIRST_SEED; cases.size() < count; seed++) {
            Scene sampled = SceneSampler.sample(seed);
            if (sampled.objects().size() != 1 || sampled.actor().isPresent()) {
                continue;
            }
            SceneObject subject = sampled.objects().getFirst();
            boolean ballistic = subject.motion() instanceof Motion.Fall || subject.motion() instanceof Motion.Bounce;
            if (!ballistic || !TRACKABLE.contains(subject.colour()) || subject.colour() == sampled.ground().colour()
                    || subject.size() == Size.SMALL) {
                continue;
            }
            Scene scene = new Scene(sampled.camera().withMove(CameraMove.STATIC, 0), sampled.light(), sampled.sky(),
                    sampled.ground(), sampled.objects(), sampled.actor());
            cases.add(render(scene, new CaptionWriter().write(scene, new Random(seed)), seed, settings));
        }
        return cases;
    }

    /** One prompt per line (blank lines and lines starting with # skipped); each must name exactly one object. */
    private static List<EvalCase> fromFile(Path file, RenderSettings settings) throws IOException {
        if (!Files.isRegularFile(file)) {
            throw new EvalException(file + ": no such prompt file");
        }
        if (Files.size(file) > MAX_PROMPT_FILE_BYTES) {
            throw new EvalException(file + " is larger than " + MAX_PROMPT_FILE_BYTES + " bytes; split the prompt set");
        }
        List<String> lines = Files.readAllLines(file, StandardCharsets.UTF_8);
        List<EvalCase> cases = new ArrayList<>();
        PromptParser parser = new PromptParser();
        for (int i = 0; i < lines.size(); i++) {
            String prompt = lines.get(i).strip();
            if (prompt.isEmpty() || prompt.startsWith("#")) {
                continue;
            }
            if (cases.size() == MAX_PROMPTS) {
                throw new EvalException(file + " has more than " + MAX_PROMPTS + " prompts");
            }
            Scene scene;
            try {
                scene = parser.parse(prompt);
            } catch (PromptException e) {
                throw new EvalException(file + " line " + (i + 1) + ": " + e.getMessage());
            }
            if (scene.objects().size() != 1) {
                throw new EvalException(file + " line " + (i + 1) + ": an eval prompt names exactly one object (the "
                        + "judge reads the primary subject), this one names " + scene.objects().size());
            }
            cases.add(render(scene, prompt, FIRST_SEED + i, settings));
        }
        if (cases.isEmpty()) {
            throw new EvalException(file + " holds no prompts");
        }
        return cases;
    }

    private static EvalCase render(Scene scene, String prompt, long seed, RenderSettings settings) {
        return new EvalCase(seed, prompt, scene, DatasetWriter.render(scene, prompt, seed, settings), settings.fps());
    }
}
