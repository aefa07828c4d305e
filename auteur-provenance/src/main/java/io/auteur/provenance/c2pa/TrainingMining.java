package io.auteur.provenance.c2pa;

import java.util.Objects;

/**
 * Whether the asset may be used to train models or be mined (the training-and-mining assertion). Auteur's default
 * is {@link #notAllowed()} for every use.
 */
public record TrainingMining(Use generativeTraining, Use training, Use inference, Use dataMining) {
    public enum Use {
        ALLOWED("allowed"), NOT_ALLOWED("notAllowed"), CONSTRAINED("constrained");

        private final String label;

        Use(String label) {
            this.label = label;
        }

        public String label() {
            return label;
        }
    }

    public TrainingMining {
        Objects.requireNonNull(generativeTraining, "generativeTraining");
        Objects.requireNonNull(training, "training");
        Objects.requireNonNull(inference, "inference");
        Objects.requireNonNull(dataMining, "dataMining");
    }

    public static TrainingMining notAllowed() {
        return new TrainingMining(Use.NOT_ALLOWED, Use.NOT_ALLOWED, Use.NOT_ALLOWED, Use.NOT_ALLOWED);
    }
}
