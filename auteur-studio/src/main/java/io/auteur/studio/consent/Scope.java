package io.auteur.studio.consent;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.EnumSet;
import java.util.List;
import java.util.Locale;
import java.util.Set;

/** What a contributor allows an asset to be used for. Each is granted and revoked on its own. */
public enum Scope {
    /** Training a model from scratch on it. */
    TRAINING("training"),
    /** Adapting an existing model to it ({@code auteur train --from}). */
    FINE_TUNING("fine-tuning"),
    /** Showing it to a model at generation time as a style or subject reference. */
    STYLE_REFERENCE("style-reference");

    private final String label;

    Scope(String label) {
        this.label = label;
    }

    public String label() {
        return label;
    }

    public static Scope parse(String text) {
        String wanted = text.strip().toLowerCase(Locale.ROOT).replace('_', '-');
        for (Scope scope : values()) {
            if (scope.label.equals(wanted)) {
                return scope;
            }
        }
        throw new ConsentException("unknown consent scope '" + text + "'; known: " + labels());
    }

    /** A comma-separated list such as "training,fine-tuning". */
    public static Set<Scope> parseList(String text) {
        Set<Scope> scopes = EnumSet.noneOf(Scope.class);
        for (String part : text.split(",")) {
            if (!part.isBlank()) {
                scopes.add(parse(part));
            }
        }
        if (scopes.isEmpty()) {
            throw new ConsentException("name at least one consent scope: " + labels());
        }
        return scopes;
    }

    public static String labels() {
        List<String> labels = new ArrayList<>();
        Arrays.stream(values()).forEach(scope -> labels.add(scope.label));
        return String.join(", ", labels);
    }

    @Override
    public String toString() {
        return label;
    }
}
