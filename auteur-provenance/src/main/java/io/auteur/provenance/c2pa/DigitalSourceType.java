package io.auteur.provenance.c2pa;

/** IPTC digital source types (https://cv.iptc.org/newscodes/digitalsourcetype/) that Auteur's outputs carry. */
public enum DigitalSourceType {
    /** Made by a model trained on sampled content: a generated clip or image. */
    TRAINED_ALGORITHMIC_MEDIA("trainedAlgorithmicMedia"),
    /** Real footage edited with generated content (in-painting, extension of a real clip). */
    COMPOSITE_WITH_TRAINED_ALGORITHMIC_MEDIA("compositeWithTrainedAlgorithmicMedia"),
    /** Pure algorithm without training data (a previs render). */
    ALGORITHMIC_MEDIA("algorithmicMedia"),
    DIGITAL_CAPTURE("digitalCapture");

    private final String code;

    DigitalSourceType(String code) {
        this.code = code;
    }

    public String uri() {
        return "http://cv.iptc.org/newscodes/digitalsourcetype/" + code;
    }
}
