package io.auteur.previs.render;

import io.auteur.previs.math.Mat4;
import java.util.Objects;

/**
 * One rigid part to draw: its mesh, where it is in this frame and where it will be in the next
 * (the rasterizer derives exact optical flow from the two poses).
 *
 * @param instanceId the id written to the instance buffer, in [2, 32767] (0 is sky, 1 is ground);
 *                   several parts may share one id (a humanoid's limbs)
 * @param modelNow   object-to-world transform at this frame (affine)
 * @param modelNext  object-to-world transform at the next frame (affine)
 */
public record RenderItem(int instanceId, Mesh mesh, Mat4 modelNow, Mat4 modelNext, Surface surface) {
    public static final int FIRST_INSTANCE_ID = 2;
    public static final int LAST_INSTANCE_ID = Short.MAX_VALUE;

    public RenderItem {
        if (instanceId < FIRST_INSTANCE_ID || instanceId > LAST_INSTANCE_ID) {
            throw new IllegalArgumentException("render item instanceId must lie in [" + FIRST_INSTANCE_ID + ", "
                    + LAST_INSTANCE_ID + "] (0 is sky, 1 is ground), was " + instanceId);
        }
        Objects.requireNonNull(mesh, "mesh");
        Objects.requireNonNull(modelNow, "modelNow");
        Objects.requireNonNull(modelNext, "modelNext");
        Objects.requireNonNull(surface, "surface");
        requireAffine(modelNow, "modelNow");
        requireAffine(modelNext, "modelNext");
    }

    /** An item that does not move between this frame and the next. */
    public static RenderItem still(int instanceId, Mesh mesh, Mat4 model, Surface surface) {
        return new RenderItem(instanceId, mesh, model, model, surface);
    }

    private static void requireAffine(Mat4 m, String name) {
        for (int row = 0; row < 4; row++) {
            for (int column = 0; column < 4; column++) {
                if (!Double.isFinite(m.get(row, column))) {
                    throw new IllegalArgumentException("render item " + name + " has a non-finite entry");
                }
            }
        }
        if (m.get(3, 0) != 0 || m.get(3, 1) != 0 || m.get(3, 2) != 0 || m.get(3, 3) != 1) {
            throw new IllegalArgumentException("render item " + name + " must be affine (last row 0 0 0 1)");
        }
    }
}
