package io.auteur.previs.math;

import java.util.Arrays;

/**
 * An immutable 4x4 affine or projective transform, row-major, acting on column vectors
 * ({@code p' = M p}). Composition reads right to left: {@code a.times(b)} applies b first.
 */
public final class Mat4 {
    public static final Mat4 IDENTITY = new Mat4(new double[] {1, 0, 0, 0, 0, 1, 0, 0, 0, 0, 1, 0, 0, 0, 0, 1});

    private final double[] m;

    private Mat4(double[] m) {
        this.m = m;
    }

    /** From 16 row-major values. */
    public static Mat4 of(double... rowMajor) {
        if (rowMajor.length != 16) {
            throw new IllegalArgumentException("a 4x4 matrix needs 16 values, got " + rowMajor.length);
        }
        return new Mat4(rowMajor.clone());
    }

    public static Mat4 translation(Vec3 t) {
        return new Mat4(new double[] {1, 0, 0, t.x(), 0, 1, 0, t.y(), 0, 0, 1, t.z(), 0, 0, 0, 1});
    }

    public static Mat4 scale(double sx, double sy, double sz) {
        return new Mat4(new double[] {sx, 0, 0, 0, 0, sy, 0, 0, 0, 0, sz, 0, 0, 0, 0, 1});
    }

    /** Rotation by {@code radians} about a unit axis, right-handed (Rodrigues). */
    public static Mat4 rotation(Vec3 axis, double radians) {
        Vec3 a = axis.normalized();
        double c = Math.cos(radians), s = Math.sin(radians), t = 1 - c;
        double x = a.x(), y = a.y(), z = a.z();
        return new Mat4(new double[] {
            t * x * x + c, t * x * y - s * z, t * x * z + s * y, 0,
            t * x * y + s * z, t * y * y + c, t * y * z - s * x, 0,
            t * x * z - s * y, t * y * z + s * x, t * z * z + c, 0,
            0, 0, 0, 1});
    }

    /** World-to-camera transform: the camera at {@code eye} looks at {@code target}, y up; it looks down -z. */
    public static Mat4 lookAt(Vec3 eye, Vec3 target, Vec3 up) {
        Vec3 forward = target.minus(eye).normalized();
        Vec3 right = forward.cross(up).normalized();
        Vec3 trueUp = right.cross(forward);
        return new Mat4(new double[] {
            right.x(), right.y(), right.z(), -right.dot(eye),
            trueUp.x(), trueUp.y(), trueUp.z(), -trueUp.dot(eye),
            -forward.x(), -forward.y(), -forward.z(), forward.dot(eye),
            0, 0, 0, 1});
    }

    /**
     * OpenGL-style perspective projection to clip space; w of the result is the view-space distance
     * in front of the camera (-z), which the rasterizer uses for perspective-correct interpolation and depth.
     */
    public static Mat4 perspective(double verticalFovDegrees, double aspect, double near, double far) {
        double f = 1 / Math.tan(Math.toRadians(verticalFovDegrees) / 2);
        return new Mat4(new double[] {
            f / aspect, 0, 0, 0,
            0, f, 0, 0,
            0, 0, (far + near) / (near - far), 2 * far * near / (near - far),
            0, 0, -1, 0});
    }

    public double get(int row, int column) {
        return m[row * 4 + column];
    }

    public Mat4 times(Mat4 o) {
        double[] r = new double[16];
        for (int i = 0; i < 4; i++) {
            for (int j = 0; j < 4; j++) {
                double sum = 0;
                for (int k = 0; k < 4; k++) {
                    sum += m[i * 4 + k] * o.m[k * 4 + j];
                }
                r[i * 4 + j] = sum;
            }
        }
        return new Mat4(r);
    }

    /** Transforms a point (w = 1), dropping the resulting w: for affine matrices. */
    public Vec3 transformPoint(Vec3 p) {
        return new Vec3(
                m[0] * p.x() + m[1] * p.y() + m[2] * p.z() + m[3],
                m[4] * p.x() + m[5] * p.y() + m[6] * p.z() + m[7],
                m[8] * p.x() + m[9] * p.y() + m[10] * p.z() + m[11]);
    }

    /** Transforms a direction (w = 0). For normals under non-uniform scale use {@link #normalMatrix()}. */
    public Vec3 transformDirection(Vec3 d) {
        return new Vec3(
                m[0] * d.x() + m[1] * d.y() + m[2] * d.z(),
                m[4] * d.x() + m[5] * d.y() + m[6] * d.z(),
                m[8] * d.x() + m[9] * d.y() + m[10] * d.z());
    }

    /** Transforms a point to homogeneous coordinates {x, y, z, w} (for projections). */
    public double[] transformHomogeneous(Vec3 p) {
        double[] r = new double[4];
        for (int i = 0; i < 4; i++) {
            r[i] = m[i * 4] * p.x() + m[i * 4 + 1] * p.y() + m[i * 4 + 2] * p.z() + m[i * 4 + 3];
        }
        return r;
    }

    /** Inverse-transpose of the upper 3x3, as a Mat4 (translation zero): transforms normals correctly. */
    public Mat4 normalMatrix() {
        double a = m[0], b = m[1], c = m[2], d = m[4], e = m[5], f = m[6], g = m[8], h = m[9], i = m[10];
        double det = a * (e * i - f * h) - b * (d * i - f * g) + c * (d * h - e * g);
        if (det == 0) {
            throw new ArithmeticException("singular transform has no normal matrix");
        }
        double inv = 1 / det;
        // inverse transpose = cofactor matrix / det
        return new Mat4(new double[] {
            (e * i - f * h) * inv, -(d * i - f * g) * inv, (d * h - e * g) * inv, 0,
            -(b * i - c * h) * inv, (a * i - c * g) * inv, -(a * h - b * g) * inv, 0,
            (b * f - c * e) * inv, -(a * f - c * d) * inv, (a * e - b * d) * inv, 0,
            0, 0, 0, 1});
    }

    /** The 16 values, row-major (a copy). */
    public double[] toArray() {
        return m.clone();
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof Mat4 other && Arrays.equals(m, other.m);
    }

    @Override
    public int hashCode() {
        return Arrays.hashCode(m);
    }

    @Override
    public String toString() {
        return "Mat4" + Arrays.toString(m);
    }
}
