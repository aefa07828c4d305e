package io.auteur.studio.director;

/** How a shot joins the one before it. */
public enum Continuity {
    /** A new shot: it is generated from its prompt and blockout. */
    CUT,
    /** The action goes on: the shot starts from the previous shot's last frame (image-to-video). */
    CONTINUOUS
}
