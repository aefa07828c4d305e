package io.auteur.vision;

import java.util.List;

/**
 * How alike every frame looks to the first, by the cosine similarity of a colour histogram and a gradient
 * orientation histogram (see {@link QualityMetrics#subjectConsistency}); 1 is identical appearance.
 *
 * @param mean              mean similarity of frames 1 .. n-1 to frame 0
 * @param minimum           the least similar frame's similarity
 * @param similarityToFirst per frame (frame 0 is 1 by definition)
 */
public record SubjectConsistency(double mean, double minimum, List<Double> similarityToFirst) {
    public SubjectConsistency {
        similarityToFirst = List.copyOf(similarityToFirst);
    }
}
