package io.auteur.provenance.c2pa;

/** How an ingredient relates to the asset (C2PA specification, ingredient assertion). */
public enum Relationship {
    /** The asset was made by editing this one (at most one per manifest). */
    PARENT_OF("parentOf"),
    /** Part of this one is in the asset (a previous shot, a composited element). */
    COMPONENT_OF("componentOf"),
    /** It guided the generation without being in it (a reference image, a control clip). */
    INPUT_TO("inputTo");

    private final String label;

    Relationship(String label) {
        this.label = label;
    }

    public String label() {
        return label;
    }
}
