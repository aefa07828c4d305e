package io.auteur.previs;

/** Primitive solids. Each is centred on its origin with unit size (fits in a sphere of radius 1). */
public enum Shape {
    SPHERE, CUBE, CYLINDER, CONE, TORUS, CAPSULE
}
