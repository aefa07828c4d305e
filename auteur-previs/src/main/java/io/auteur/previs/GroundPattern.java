package io.auteur.previs;

/** The texture of the ground plane y = 0. */
public enum GroundPattern {
    PLAIN, CHECKER, STRIPES, NOISE
}
