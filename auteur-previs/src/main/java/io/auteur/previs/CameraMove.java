package io.auteur.previs;

/** How the camera moves over a shot. Pans and tilts rotate in place; dollies and orbits travel. */
public enum CameraMove {
    STATIC, PAN_LEFT, PAN_RIGHT, TILT_UP, TILT_DOWN, DOLLY_IN, DOLLY_OUT, ORBIT
}
