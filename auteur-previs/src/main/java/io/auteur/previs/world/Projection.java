package io.auteur.previs.world;

import io.auteur.previs.math.Mat4;
import io.auteur.previs.math.Vec3;
import io.auteur.previs.render.CameraView;

/** Projects world points to pixel coordinates (x right, y down, pixel centres at +0.5) for one camera view. */
public final class Projection {
    private final Mat4 worldToClip;
    private final Mat4 worldToView;
    private final int width;
    private final int height;

    public Projection(CameraView view, int width, int height) {
        this.worldToView = Mat4.lookAt(view.eye(), view.target(), Vec3.UNIT_Y);
        this.worldToClip = Mat4.perspective(view.fovDegrees(), (double) width / height, 0.05, 1000).times(worldToView);
        this.width = width;
        this.height = height;
    }

    /** {pixelX, pixelY, viewDepth}; depth <= 0 means behind the camera (pixel coordinates then meaningless). */
    public double[] project(Vec3 world) {
        double[] clip = worldToClip.transformHomogeneous(world);
        double depth = -worldToView.transformPoint(world).z();
        if (clip[3] <= 1e-9) {
            return new double[] {Double.NaN, Double.NaN, depth};
        }
        double ndcX = clip[0] / clip[3];
        double ndcY = clip[1] / clip[3];
        return new double[] {(ndcX + 1) / 2 * width, (1 - ndcY) / 2 * height, depth};
    }
}
