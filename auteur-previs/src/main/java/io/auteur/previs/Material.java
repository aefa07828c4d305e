package io.auteur.previs;

/** Surface finish: matte is diffuse only, shiny adds a tight specular highlight. */
public enum Material {
    MATTE(0.0, 1), SHINY(0.6, 48);

    private final double specular;
    private final int shininess;

    Material(double specular, int shininess) {
        this.specular = specular;
        this.shininess = shininess;
    }

    public double specular() {
        return specular;
    }

    public int shininess() {
        return shininess;
    }
}
