package io.auteur.previs.render;

import io.auteur.previs.math.Mat4;
import io.auteur.previs.math.Vec3;

/**
 * A pinhole camera mapped onto a grid of {@code unitsPerPixel} units per pixel (the supersampled grid
 * uses the supersampling factor, the pixel grid 1). Screen x grows to the right, y downward; the pixel
 * (i, j) covers [i, i+1) x [j, j+1) scaled by the units per pixel.
 *
 * <p>Built on {@link Mat4#lookAt}; the projection is {@link Mat4#perspective}'s with the viewport folded
 * in, keeping only the rows for x, y and w, since depth is tested on 1/w (w is the metric view depth).
 */
final class Projection {
    final double eyeX, eyeY, eyeZ;
    /** World-to-homogeneous-screen rows (x, y, w), each {a, b, c, d} for a*x + b*y + c*z + d. */
    final double[] worldToScreen = new double[12];
    /** The ray through screen point (X, Y) is rayOrigin + X * rayPerX + Y * rayPerY; its forward component is 1. */
    final double rayOriginX, rayOriginY, rayOriginZ;
    final double rayPerXx, rayPerXy, rayPerXz;
    final double rayPerYx, rayPerYy, rayPerYz;
    /** Focal length in screen units. */
    final double focal;

    Projection(CameraView view, int width, int height, int unitsPerPixel) {
        Mat4 worldToCamera = Mat4.lookAt(view.eye(), view.target(), Vec3.UNIT_Y);
        double rx = worldToCamera.get(0, 0), ry = worldToCamera.get(0, 1), rz = worldToCamera.get(0, 2);
        double ux = worldToCamera.get(1, 0), uy = worldToCamera.get(1, 1), uz = worldToCamera.get(1, 2);
        // row 2 of the view matrix is -forward: the camera looks down -z
        double fx = -worldToCamera.get(2, 0), fy = -worldToCamera.get(2, 1), fz = -worldToCamera.get(2, 2);
        eyeX = view.eye().x();
        eyeY = view.eye().y();
        eyeZ = view.eye().z();
        double screenWidth = (double) width * unitsPerPixel, screenHeight = (double) height * unitsPerPixel;
        double cx = screenWidth / 2, cy = screenHeight / 2;
        // square pixels: the vertical field of view fixes the focal length for both axes
        focal = cy / StrictMath.tan(Math.toRadians(view.fovDegrees()) / 2);

        setRow(0, focal * rx + cx * fx, focal * ry + cx * fy, focal * rz + cx * fz);
        setRow(1, cy * fx - focal * ux, cy * fy - focal * uy, cy * fz - focal * uz);
        setRow(2, fx, fy, fz);

        // with +y as up the right vector is horizontal, so every row of the screen shares one ray elevation;
        // the rasterizer relies on this to decide ground or sky once per row
        if (ry != 0) {
            throw new IllegalStateException("camera right vector must be horizontal, had y = " + ry);
        }
        rayPerXx = rx / focal;
        rayPerXy = ry / focal;
        rayPerXz = rz / focal;
        rayPerYx = -ux / focal;
        rayPerYy = -uy / focal;
        rayPerYz = -uz / focal;
        rayOriginX = fx - cx * rayPerXx - cy * rayPerYx;
        rayOriginY = fy - cx * rayPerXy - cy * rayPerYy;
        rayOriginZ = fz - cx * rayPerXz - cy * rayPerYz;
    }

    private void setRow(int row, double a, double b, double c) {
        worldToScreen[4 * row] = a;
        worldToScreen[4 * row + 1] = b;
        worldToScreen[4 * row + 2] = c;
        worldToScreen[4 * row + 3] = -(a * eyeX + b * eyeY + c * eyeZ);
    }

    /** Writes the 3x4 rows (x, y, w) of worldToScreen * model into {@code out}; model must be affine. */
    void objectToScreen(double[] model, double[] out) {
        for (int row = 0; row < 3; row++) {
            double a = worldToScreen[4 * row], b = worldToScreen[4 * row + 1];
            double c = worldToScreen[4 * row + 2], d = worldToScreen[4 * row + 3];
            for (int column = 0; column < 4; column++) {
                out[4 * row + column] = a * model[column] + b * model[4 + column] + c * model[8 + column]
                        + (column == 3 ? d : 0);
            }
        }
    }
}
