package io.auteur.previs.render;

import io.auteur.previs.math.Vec3;

/**
 * The tests' own pinhole camera, written from the definition (not from the rasterizer's code): pixel
 * (i, j) covers [i, i+1) x [j, j+1), y downward, square pixels, vertical field of view.
 */
record Pinhole(CameraView view, int width, int height) {
    Vec3 forward() {
        return view.target().minus(view.eye()).normalized();
    }

    Vec3 right() {
        return forward().cross(Vec3.UNIT_Y).normalized();
    }

    Vec3 up() {
        return right().cross(forward());
    }

    double focalPixels() {
        return height / 2.0 / Math.tan(Math.toRadians(view.fovDegrees()) / 2);
    }

    /** {x, y, depth}: where a world point lands, in pixels, and its distance along the viewing axis. */
    double[] project(Vec3 point) {
        Vec3 d = point.minus(view.eye());
        double depth = d.dot(forward());
        return new double[] {width / 2.0 + focalPixels() * d.dot(right()) / depth,
            height / 2.0 - focalPixels() * d.dot(up()) / depth, depth};
    }

    /** {x, y, w} of a direction seen from this camera (a point at infinity); w <= 0 means behind. */
    double[] projectDirection(Vec3 direction) {
        double w = direction.dot(forward());
        return new double[] {width / 2.0 + focalPixels() * direction.dot(right()) / w,
            height / 2.0 - focalPixels() * direction.dot(up()) / w, w};
    }

    /** The world direction of the ray through screen point (x, y), in pixels. */
    Vec3 ray(double x, double y) {
        return forward().plus(right().times((x - width / 2.0) / focalPixels()))
                .plus(up().times((height / 2.0 - y) / focalPixels()));
    }
}
