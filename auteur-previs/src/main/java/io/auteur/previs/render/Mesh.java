package io.auteur.previs.render;

import java.util.Arrays;

/**
 * A triangle mesh in object space: per-vertex positions and normals, and triangles as vertex index
 * triples wound counter-clockwise when seen from outside (the side the normals point to).
 *
 * <p>The arrays are copied on construction and normals are normalised; the accessors return the
 * mesh's own arrays without copying, because the rasterizer reads them every frame. Do not modify them.
 *
 * @param positions xyz per vertex, metres
 * @param normals   xyz per vertex, unit length after construction
 * @param triangles three vertex indices per triangle
 */
public record Mesh(float[] positions, float[] normals, int[] triangles) {
    /** More triangles than any previs prop needs; keeps a bad generator from exhausting memory. */
    public static final int MAX_TRIANGLES = 1 << 20;

    public Mesh {
        if (positions == null || normals == null || triangles == null) {
            throw new IllegalArgumentException("mesh positions, normals and triangles must all be given");
        }
        if (positions.length == 0 || positions.length % 3 != 0) {
            throw new IllegalArgumentException(
                    "mesh positions must hold xyz triples, had " + positions.length + " values");
        }
        if (normals.length != positions.length) {
            throw new IllegalArgumentException("mesh needs one normal per vertex: " + normals.length / 3
                    + " normals for " + positions.length / 3 + " vertices");
        }
        if (triangles.length == 0 || triangles.length % 3 != 0) {
            throw new IllegalArgumentException(
                    "mesh triangles must hold index triples, had " + triangles.length + " indices");
        }
        if (triangles.length / 3 > MAX_TRIANGLES) {
            throw new IllegalArgumentException(
                    "mesh has " + triangles.length / 3 + " triangles, the limit is " + MAX_TRIANGLES);
        }
        positions = positions.clone();
        normals = normals.clone();
        triangles = triangles.clone();
        int vertexCount = positions.length / 3;
        for (int i = 0; i < positions.length; i++) {
            if (!Float.isFinite(positions[i])) {
                throw new IllegalArgumentException("mesh position of vertex " + i / 3 + " is not finite");
            }
        }
        for (int v = 0; v < vertexCount; v++) {
            double x = normals[3 * v], y = normals[3 * v + 1], z = normals[3 * v + 2];
            double length = Math.sqrt(x * x + y * y + z * z);
            if (!(length > 1e-12) || !Double.isFinite(length)) {
                throw new IllegalArgumentException("mesh normal of vertex " + v + " is zero or not finite");
            }
            normals[3 * v] = (float) (x / length);
            normals[3 * v + 1] = (float) (y / length);
            normals[3 * v + 2] = (float) (z / length);
        }
        for (int i = 0; i < triangles.length; i++) {
            if (triangles[i] < 0 || triangles[i] >= vertexCount) {
                throw new IllegalArgumentException("mesh triangle " + i / 3 + " refers to vertex " + triangles[i]
                        + ", outside 0.." + (vertexCount - 1));
            }
        }
    }

    public int vertexCount() {
        return positions.length / 3;
    }

    public int triangleCount() {
        return triangles.length / 3;
    }

    /** The smallest y of any vertex: how far below its origin the mesh reaches (for resting it on the ground). */
    public double lowestY() {
        double lowest = Double.POSITIVE_INFINITY;
        for (int i = 1; i < positions.length; i += 3) {
            lowest = Math.min(lowest, positions[i]);
        }
        return lowest;
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof Mesh other
                && Arrays.equals(positions, other.positions)
                && Arrays.equals(normals, other.normals)
                && Arrays.equals(triangles, other.triangles);
    }

    @Override
    public int hashCode() {
        return 31 * (31 * Arrays.hashCode(positions) + Arrays.hashCode(normals)) + Arrays.hashCode(triangles);
    }

    @Override
    public String toString() {
        return "Mesh[" + vertexCount() + " vertices, " + triangleCount() + " triangles]";
    }
}
