package io.auteur.studio.generation;

import java.util.Locale;

/** What a generation does, as it follows from which inputs an order has (named as the API reports it). */
public enum Mode {
    TEXT, IMAGE, INTERPOLATION, CONTROL, VIDEO, INPAINT, OUTPAINT, EXTEND;

    /** The lower-case name the API and the database use. */
    public String wireName() {
        return name().toLowerCase(Locale.ROOT);
    }
}
