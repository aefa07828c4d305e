package io.auteur.studio.director;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.auteur.engine.Judge;
import io.auteur.engine.JudgeReading;
import io.auteur.engine.JudgeReading.Attribute;
import io.auteur.media.Clip;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;

/**
 * Whether every character looks as the cast defines it in each shot it is in, as the {@link Judge} reads the
 * delivered film: for each shot that shows a character, the judge reads the actor's skin colour, clothing colour
 * and size, and each reading is compared with the cast's definition. The value is the share of the readings of
 * trusted attributes that agree (1.0: every character read as cast in every shot, as far as the judge can be
 * believed).
 *
 * <p>Only shots in the judge's scope are read: blockouts with exactly one object, the only scenes it was trained
 * and tested on. Shots of a set with no object or several are counted as outside its scope, not guessed at. Every
 * reading is listed, but only attributes whose accuracy earns trust ({@link Judge#trusted}) count toward the value,
 * as with prompt adherence in {@code auteur eval}: an untrusted attribute's disagreement may be the judge's error
 * rather than the film's (skin is read at 61% on previs renders, so even a film of the blockouts themselves would
 * score about 0.6 with it counted). The share over all readings is reported beside it.
 *
 * @param readings          every reading, in shot order
 * @param shotsOutsideScope shots that show a character but whose set the judge was not made for
 * @param judgeAccuracy     the judge's accuracy on fresh renders, per attribute key
 * @param trusted           the attribute keys whose accuracy earns trust
 */
public record CharacterConsistency(List<Reading> readings, int shotsOutsideScope, Map<String, Double> judgeAccuracy,
                                   List<String> trusted) {
    /** What is compared: how a character looks, not what it does. */
    public static final List<Attribute> ATTRIBUTES = List.of(Attribute.SKIN, Attribute.CLOTHING, Attribute.BUILD);

    /** One attribute of one character in one shot: as cast, and as read (with the judge's probability). */
    public record Reading(int shot, String character, Attribute attribute, String cast, String read,
                          double probability) {
        public Reading {
            Objects.requireNonNull(character, "character");
            Objects.requireNonNull(attribute, "attribute");
            Objects.requireNonNull(cast, "cast");
            Objects.requireNonNull(read, "read");
        }

        public boolean agrees() {
            return cast.equals(read);
        }
    }

    public CharacterConsistency {
        readings = List.copyOf(readings);
        judgeAccuracy = java.util.Collections.unmodifiableMap(new LinkedHashMap<>(judgeAccuracy));
        trusted = List.copyOf(trusted);
    }

    /** Reads every shot of {@code film} (laid out as {@code plan} says) that shows a character. */
    public static CharacterConsistency measure(FilmPlan plan, Clip film, Judge judge) {
        List<ShotPlan> read = new ArrayList<>();
        List<Clip> clips = new ArrayList<>();
        int outside = 0;
        for (int i = 0; i < plan.shots().size(); i++) {
            ShotPlan shot = plan.shots().get(i);
            if (shot.character().isEmpty() || shot.blockout().actor().isEmpty()) {
                continue;
            }
            if (shot.blockout().objects().size() != 1) {
                outside++;
                continue;
            }
            read.add(shot);
            clips.add(film.frames(plan.startFrame(i), plan.startFrame(i + 1)));
        }
        List<JudgeReading> judged = clips.isEmpty() ? List.of() : judge.readAll(clips);
        List<Reading> readings = new ArrayList<>();
        for (int i = 0; i < read.size(); i++) {
            ShotPlan shot = read.get(i);
            Map<Attribute, String> cast = Judge.truth(shot.blockout());
            for (Attribute attribute : ATTRIBUTES) {
                JudgeReading.Guess guess = judged.get(i).get(attribute);
                readings.add(new Reading(shot.number(), shot.character().get(), attribute, cast.get(attribute),
                        guess.label(), guess.probability()));
            }
        }
        Map<String, Double> accuracy = new LinkedHashMap<>();
        List<String> trusted = new ArrayList<>();
        for (Attribute attribute : ATTRIBUTES) {
            accuracy.put(attribute.key(), judge.accuracy().getOrDefault(attribute, Double.NaN));
            if (judge.trusted(attribute)) {
                trusted.add(attribute.key());
            }
        }
        return new CharacterConsistency(readings, outside, accuracy, trusted);
    }

    /** The share of trusted readings that agree with the cast; NaN when no shot was read or nothing is trusted. */
    public double value() {
        return share(scored());
    }

    /** The share of all readings, trusted or not, that agree with the cast; NaN when no shot could be read. */
    public double valueOfAllReadings() {
        return share(readings);
    }

    /** The readings that count toward the value: those of trusted attributes. */
    public List<Reading> scored() {
        return readings.stream().filter(r -> trusted.contains(r.attribute().key())).toList();
    }

    private static double share(List<Reading> readings) {
        return readings.isEmpty() ? Double.NaN
                : (double) readings.stream().filter(Reading::agrees).count() / readings.size();
    }

    /** Per character, the share of its trusted readings that agree with the cast. */
    public Map<String, Double> perCharacter() {
        Map<String, int[]> counts = new LinkedHashMap<>();   // {agreeing, all}
        for (Reading reading : scored()) {
            int[] count = counts.computeIfAbsent(reading.character(), c -> new int[2]);
            count[0] += reading.agrees() ? 1 : 0;
            count[1]++;
        }
        Map<String, Double> out = new LinkedHashMap<>();
        counts.forEach((character, count) -> out.put(character, (double) count[0] / count[1]));
        return out;
    }

    public int shotsRead() {
        return (int) readings.stream().mapToInt(Reading::shot).distinct().count();
    }

    ObjectNode toJson(double target) {
        ObjectNode node = new ObjectMapper().createObjectNode();
        node.put("target", target);
        if (scored().isEmpty()) {
            node.putNull("value");
            node.put("met", false);
            node.put("note", readings.isEmpty() ? "no shot in the judge's scope shows a character"
                    : "the judge is trusted for none of " + ATTRIBUTES.stream().map(Attribute::key).toList());
        } else {
            node.put("value", round(value()));
            node.put("met", value() >= target);
        }
        if (!readings.isEmpty()) {
            node.put("valueOfAllReadings", round(valueOfAllReadings()));
        }
        node.put("shotsRead", shotsRead());
        node.put("shotsOutsideJudgeScope", shotsOutsideScope);
        ObjectNode characters = node.putObject("perCharacter");
        perCharacter().forEach((character, share) -> characters.put(character, round(share)));
        ObjectNode accuracy = node.putObject("judgeAccuracy");
        judgeAccuracy.forEach((key, value) -> accuracy.put(key, round(value)));
        trusted.forEach(node.putArray("trustedAttributes")::add);
        var list = node.putArray("readings");
        for (Reading reading : readings) {
            list.addObject().put("shot", reading.shot()).put("character", reading.character())
                    .put("attribute", reading.attribute().key()).put("cast", reading.cast()).put("read", reading.read())
                    .put("probability", round(reading.probability()))
                    .put("trusted", trusted.contains(reading.attribute().key()));
        }
        return node;
    }

    private static double round(double value) {
        return Math.round(value * 10_000) / 10_000.0;
    }
}
