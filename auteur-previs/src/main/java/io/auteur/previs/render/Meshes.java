package io.auteur.previs.render;

import java.util.Arrays;

/**
 * Factories for the primitive solids. Each is centred on the origin, symmetric about y = 0 with its
 * axis along y, and touches the unit sphere (bounding radius exactly 1), matching
 * {@link io.auteur.previs.Shape}: scale by the object's bounding radius to place it.
 *
 * <p>{@code detail} is the number of segments around the y axis, in [{@value #MIN_DETAIL},
 * {@value #MAX_DETAIL}]; rings along the axis follow from it. Around 8 is plenty for 64x64 training
 * clips (a sphere of detail 8 has 48 triangles); 24 to 48 suits full-HD previs.
 *
 * <p>All meshes are closed, wound counter-clockwise seen from outside, with outward unit normals:
 * smooth where the surface is smooth, split (duplicated vertices) at creases.
 */
public final class Meshes {
    public static final int MIN_DETAIL = 3;
    public static final int MAX_DETAIL = 256;

    private static final double INV_SQRT2 = 1 / Math.sqrt(2);
    private static final double INV_SQRT3 = 1 / Math.sqrt(3);

    private Meshes() {
    }

    /** A sphere of radius 1. */
    public static Mesh sphere(int detail) {
        checkDetail(detail);
        int rings = Math.max(2, detail / 2);
        Profile p = new Profile(rings + 1);
        for (int k = 0; k <= rings; k++) {
            double polar = Math.PI * k / rings;
            double r = Math.sin(polar), y = Math.cos(polar);
            p.add(k == 0 || k == rings ? 0 : r, y, r, y);
        }
        return p.lathe(detail);
    }

    /** A cube of side 2/sqrt(3) (corners on the unit sphere), faces normal to the axes. */
    public static Mesh cube() {
        MeshBuilder b = new MeshBuilder(24, 12);
        double h = INV_SQRT3;
        int[][] axes = {{0, 1, 2}, {1, 2, 0}, {2, 0, 1}};
        for (int[] axis : axes) {
            for (int sign = -1; sign <= 1; sign += 2) {
                // face normal n along axis[0]; tangents u, v with u x v = n
                double[] n = new double[3];
                double[] u = new double[3];
                double[] v = new double[3];
                n[axis[0]] = sign;
                u[axis[1]] = sign;
                v[axis[2]] = 1;
                int first = b.vertexCount();
                double[][] corners = {{-1, -1}, {1, -1}, {1, 1}, {-1, 1}};
                for (double[] c : corners) {
                    b.vertex(h * (n[0] + c[0] * u[0] + c[1] * v[0]),
                            h * (n[1] + c[0] * u[1] + c[1] * v[1]),
                            h * (n[2] + c[0] * u[2] + c[1] * v[2]), n[0], n[1], n[2]);
                }
                b.triangle(first, first + 1, first + 2);
                b.triangle(first, first + 2, first + 3);
            }
        }
        return b.build();
    }

    /** A cylinder along y with radius and half-height 1/sqrt(2), flat caps. */
    public static Mesh cylinder(int detail) {
        checkDetail(detail);
        double r = INV_SQRT2, h = INV_SQRT2;
        Profile p = new Profile(6);
        p.add(0, h, 0, 1);
        p.add(r, h, 0, 1);
        p.add(r, h, 1, 0);
        p.add(r, -h, 1, 0);
        p.add(r, -h, 0, -1);
        p.add(0, -h, 0, -1);
        return p.lathe(detail);
    }

    /** A cone along y, apex at y = 1/sqrt(2), base of radius 1/sqrt(2) at y = -1/sqrt(2). */
    public static Mesh cone(int detail) {
        checkDetail(detail);
        double r = INV_SQRT2, h = INV_SQRT2;
        // side normal: perpendicular to the slant, pointing out and up
        double slant = Math.hypot(2 * h, r);
        double radial = 2 * h / slant, up = r / slant;
        Profile p = new Profile(4);
        p.add(0, h, radial, up);
        p.add(r, -h, radial, up);
        p.add(r, -h, 0, -1);
        p.add(0, -h, 0, -1);
        return p.lathe(detail);
    }

    /** A torus lying in the xz plane: tube centre radius 0.7, tube radius 0.3. */
    public static Mesh torus(int detail) {
        checkDetail(detail);
        double major = 0.7, minor = 0.3;
        int around = detail, tube = Math.max(3, detail / 2);
        MeshBuilder b = new MeshBuilder(around * tube, 2 * around * tube);
        for (int i = 0; i < around; i++) {
            double phi = 2 * Math.PI * i / around;
            double cp = Math.cos(phi), sp = Math.sin(phi);
            for (int j = 0; j < tube; j++) {
                double theta = 2 * Math.PI * j / tube;
                double ct = Math.cos(theta), st = Math.sin(theta);
                double ring = major + minor * ct;
                b.vertex(ring * cp, minor * st, ring * sp, ct * cp, st, ct * sp);
            }
        }
        for (int i = 0; i < around; i++) {
            int i1 = (i + 1) % around;
            for (int j = 0; j < tube; j++) {
                int j1 = (j + 1) % tube;
                int a = i * tube + j, bb = i1 * tube + j, c = i1 * tube + j1, d = i * tube + j1;
                b.triangle(a, d, c);
                b.triangle(a, c, bb);
            }
        }
        return b.build();
    }

    /**
     * A capsule along y for limbs: a cylinder from y = -halfLength to +halfLength capped by hemispheres
     * of {@code radius}. Not unit size: the extent along y is halfLength + radius either way.
     */
    public static Mesh capsule(int detail, double halfLength, double radius) {
        checkDetail(detail);
        if (!(halfLength >= 0 && halfLength <= 1000)) {
            throw new IllegalArgumentException("capsule halfLength must lie in [0, 1000] metres, was " + halfLength);
        }
        if (!(radius > 0 && radius <= 1000)) {
            throw new IllegalArgumentException("capsule radius must lie in (0, 1000] metres, was " + radius);
        }
        int cap = Math.max(1, (int) Math.round(detail / 4.0));
        Profile p = new Profile(2 * cap + 2);
        for (int k = 0; k <= cap; k++) {
            double polar = 0.5 * Math.PI * k / cap;
            double s = k == 0 ? 0 : Math.sin(polar), c = Math.cos(polar);
            p.add(radius * s, halfLength + radius * c, s, c);
        }
        for (int k = cap; k >= 0; k--) {
            if (k == cap && halfLength == 0) {
                continue; // the two equators coincide: no cylindrical band
            }
            double polar = 0.5 * Math.PI * k / cap;
            double s = k == 0 ? 0 : Math.sin(polar), c = Math.cos(polar);
            p.add(radius * s, -halfLength - radius * c, s, -c);
        }
        return p.lathe(detail);
    }

    private static void checkDetail(int detail) {
        if (detail < MIN_DETAIL || detail > MAX_DETAIL) {
            throw new IllegalArgumentException(
                    "mesh detail must lie in [" + MIN_DETAIL + ", " + MAX_DETAIL + "], was " + detail);
        }
    }

    /**
     * A surface of revolution about y: rows of (radius, y, radial normal, y normal) listed from the top
     * of the surface to its bottom, so that, going around y counter-clockwise seen from above, the
     * outside is on the same side for every row. A row of radius 0 is a pole: it gets one vertex per
     * segment (normal taken at the segment's middle) so that a cone's apex shades smoothly.
     */
    private static final class Profile {
        private final double[] rows;
        private int count;

        Profile(int capacity) {
            rows = new double[4 * capacity];
        }

        void add(double radius, double y, double normalRadial, double normalY) {
            rows[4 * count] = radius;
            rows[4 * count + 1] = y;
            rows[4 * count + 2] = normalRadial;
            rows[4 * count + 3] = normalY;
            count++;
        }

        Mesh lathe(int segments) {
            MeshBuilder b = new MeshBuilder(count * segments, 2 * (count - 1) * segments);
            for (int k = 0; k < count; k++) {
                double radius = rows[4 * k], y = rows[4 * k + 1], nr = rows[4 * k + 2], ny = rows[4 * k + 3];
                boolean pole = radius == 0;
                for (int j = 0; j < segments; j++) {
                    double azimuth = 2 * Math.PI * (pole ? j + 0.5 : j) / segments;
                    double c = Math.cos(azimuth), s = Math.sin(azimuth);
                    b.vertex(radius * c, y, radius * s, nr * c, ny, nr * s);
                }
            }
            for (int k = 0; k + 1 < count; k++) {
                boolean topPole = rows[4 * k] == 0, bottomPole = rows[4 * (k + 1)] == 0;
                boolean crease = rows[4 * k] == rows[4 * (k + 1)] && rows[4 * k + 1] == rows[4 * (k + 1) + 1];
                if (topPole && bottomPole || crease) {
                    continue; // no surface between two poles, or between a crease's two copies of one rim
                }
                for (int j = 0; j < segments; j++) {
                    int j1 = (j + 1) % segments;
                    int a = k * segments + j, d = k * segments + j1;
                    int bb = (k + 1) * segments + j, c = (k + 1) * segments + j1;
                    // derivation: the row direction (down the profile) crossed with the azimuth direction
                    // points inward, so (a, d, c) and (a, c, b) face outward
                    if (topPole) {
                        b.triangle(a, c, bb); // a is this segment's copy of the pole
                    } else if (bottomPole) {
                        b.triangle(a, d, bb); // bb is this segment's copy of the pole
                    } else {
                        b.triangle(a, d, c);
                        b.triangle(a, c, bb);
                    }
                }
            }
            return b.build();
        }
    }

    private static final class MeshBuilder {
        private float[] positions;
        private float[] normals;
        private int[] triangles;
        private int vertices;
        private int indices;

        MeshBuilder(int vertexCapacity, int triangleCapacity) {
            positions = new float[3 * vertexCapacity];
            normals = new float[3 * vertexCapacity];
            triangles = new int[3 * triangleCapacity];
        }

        int vertexCount() {
            return vertices;
        }

        void vertex(double x, double y, double z, double nx, double ny, double nz) {
            positions[3 * vertices] = (float) x;
            positions[3 * vertices + 1] = (float) y;
            positions[3 * vertices + 2] = (float) z;
            normals[3 * vertices] = (float) nx;
            normals[3 * vertices + 1] = (float) ny;
            normals[3 * vertices + 2] = (float) nz;
            vertices++;
        }

        void triangle(int a, int b, int c) {
            triangles[indices++] = a;
            triangles[indices++] = b;
            triangles[indices++] = c;
        }

        Mesh build() {
            return new Mesh(Arrays.copyOf(positions, 3 * vertices), Arrays.copyOf(normals, 3 * vertices),
                    Arrays.copyOf(triangles, indices));
        }
    }
}
