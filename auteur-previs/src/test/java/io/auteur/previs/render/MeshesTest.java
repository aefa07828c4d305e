package io.auteur.previs.render;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.within;

import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class MeshesTest {
    private static Map<String, Mesh> primitives() {
        Map<String, Mesh> meshes = new LinkedHashMap<>();
        for (int detail : new int[] {3, 8, 24}) {
            meshes.put("sphere " + detail, Meshes.sphere(detail));
            meshes.put("cylinder " + detail, Meshes.cylinder(detail));
            meshes.put("cone " + detail, Meshes.cone(detail));
            meshes.put("torus " + detail, Meshes.torus(detail));
            meshes.put("capsule " + detail, Meshes.capsule(detail, 0.4, 0.1));
        }
        meshes.put("cube", Meshes.cube());
        meshes.put("capsule without a body", Meshes.capsule(6, 0, 0.2));
        return meshes;
    }

    @Test
    void everyPrimitiveIsClosedWithEachEdgeSharedByTwoOppositelyWoundTriangles() {
        primitives().forEach((name, mesh) -> {
            // weld vertices that share a position (creases duplicate them to split normals)
            Map<List<Long>, Integer> welded = new HashMap<>();
            int[] weldedIndex = new int[mesh.vertexCount()];
            float[] p = mesh.positions();
            for (int v = 0; v < mesh.vertexCount(); v++) {
                List<Long> key = List.of(Math.round(p[3 * v] * 1e5), Math.round(p[3 * v + 1] * 1e5),
                        Math.round(p[3 * v + 2] * 1e5));
                weldedIndex[v] = welded.computeIfAbsent(key, k -> welded.size());
            }
            Map<List<Integer>, Integer> directedEdges = new HashMap<>();
            int[] t = mesh.triangles();
            for (int i = 0; i < t.length; i += 3) {
                for (int k = 0; k < 3; k++) {
                    int from = weldedIndex[t[i + k]], to = weldedIndex[t[i + (k + 1) % 3]];
                    assertThat(from).as("%s triangle %d is degenerate", name, i / 3).isNotEqualTo(to);
                    directedEdges.merge(List.of(from, to), 1, Integer::sum);
                }
            }
            directedEdges.forEach((edge, count) -> {
                assertThat(count).as("%s edge %s used once in its direction", name, edge).isEqualTo(1);
                assertThat(directedEdges.get(List.of(edge.get(1), edge.get(0))))
                        .as("%s edge %s has a neighbour wound the other way", name, edge).isEqualTo(1);
            });
        });
    }

    @Test
    void windingIsCounterClockwiseFromOutsideSoTheEnclosedVolumeIsPositive() {
        primitives().forEach((name, mesh) -> assertThat(signedVolume(mesh)).as(name).isPositive());
        // a unit sphere of detail 48 encloses nearly 4/3 pi
        assertThat(signedVolume(Meshes.sphere(48))).isCloseTo(4 * Math.PI / 3, within(0.05));
    }

    @Test
    void normalsAreUnitLengthAndAgreeWithTheFacesAroundThem() {
        primitives().forEach((name, mesh) -> {
            float[] n = mesh.normals();
            for (int v = 0; v < mesh.vertexCount(); v++) {
                double length = Math.sqrt(n[3 * v] * n[3 * v] + n[3 * v + 1] * n[3 * v + 1] + n[3 * v + 2] * n[3 * v + 2]);
                assertThat(length).as("%s normal %d", name, v).isCloseTo(1, within(1e-5));
            }
            float[] p = mesh.positions();
            int[] t = mesh.triangles();
            for (int i = 0; i < t.length; i += 3) {
                double[] face = faceNormal(p, t[i], t[i + 1], t[i + 2]);
                for (int k = 0; k < 3; k++) {
                    int v = t[i + k];
                    double agreement = face[0] * n[3 * v] + face[1] * n[3 * v + 1] + face[2] * n[3 * v + 2];
                    assertThat(agreement).as("%s triangle %d vertex %d", name, i / 3, v).isPositive();
                }
            }
        });
    }

    @Test
    void unitPrimitivesTouchTheUnitSphereFromInside() {
        primitives().forEach((name, mesh) -> {
            if (!name.startsWith("capsule")) {
                assertThat(maxRadius(mesh)).as(name).isCloseTo(1, within(1e-5));
            }
        });
    }

    @Test
    void capsuleSpansItsHalfLengthPlusRadiusAlongY() {
        Mesh capsule = Meshes.capsule(8, 0.3, 0.05);
        float[] p = capsule.positions();
        double maxY = Double.NEGATIVE_INFINITY, maxRadial = 0;
        for (int v = 0; v < capsule.vertexCount(); v++) {
            maxY = Math.max(maxY, p[3 * v + 1]);
            maxRadial = Math.max(maxRadial, Math.hypot(p[3 * v], p[3 * v + 2]));
        }
        assertThat(maxY).isCloseTo(0.35, within(1e-6));
        assertThat(capsule.lowestY()).isCloseTo(-0.35, within(1e-6));
        assertThat(maxRadial).isCloseTo(0.05, within(1e-6));
    }

    @Test
    void detailSetsTheTriangleBudget() {
        assertThat(Meshes.sphere(8).triangleCount()).isEqualTo(48);
        assertThat(Meshes.cube().triangleCount()).isEqualTo(12);
        assertThat(Meshes.cylinder(8).triangleCount()).isEqualTo(32);
        assertThat(Meshes.capsule(6, 0.2, 0.05).triangleCount()).isEqualTo(48);
    }

    @Test
    void detailOutsideItsRangeIsRejected() {
        assertThatThrownBy(() -> Meshes.sphere(2)).isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("detail");
        assertThatThrownBy(() -> Meshes.torus(257)).isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> Meshes.capsule(8, 0.2, 0)).isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("radius");
    }

    @Test
    void meshesRejectIndicesOutsideTheirVerticesAndZeroNormals() {
        float[] positions = {0, 0, 0, 1, 0, 0, 0, 1, 0};
        float[] normals = {0, 0, 1, 0, 0, 1, 0, 0, 1};
        assertThatThrownBy(() -> new Mesh(positions, normals, new int[] {0, 1, 3}))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("vertex 3");
        assertThatThrownBy(() -> new Mesh(positions, new float[9], new int[] {0, 1, 2}))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("normal");
        Mesh mesh = new Mesh(positions, new float[] {0, 0, 2, 0, 0, 3, 0, 0, 4}, new int[] {0, 1, 2});
        assertThat(mesh.normals()).containsExactly(0, 0, 1, 0, 0, 1, 0, 0, 1);
    }

    private static double signedVolume(Mesh mesh) {
        float[] p = mesh.positions();
        int[] t = mesh.triangles();
        double volume = 0;
        for (int i = 0; i < t.length; i += 3) {
            int a = 3 * t[i], b = 3 * t[i + 1], c = 3 * t[i + 2];
            // (a x b) . c / 6 per triangle: the divergence theorem
            volume += (p[a] * (p[b + 1] * p[c + 2] - p[b + 2] * p[c + 1])
                    - p[a + 1] * (p[b] * p[c + 2] - p[b + 2] * p[c])
                    + p[a + 2] * (p[b] * p[c + 1] - p[b + 1] * p[c])) / 6;
        }
        return volume;
    }

    private static double[] faceNormal(float[] p, int a, int b, int c) {
        double ex = p[3 * b] - p[3 * a], ey = p[3 * b + 1] - p[3 * a + 1], ez = p[3 * b + 2] - p[3 * a + 2];
        double fx = p[3 * c] - p[3 * a], fy = p[3 * c + 1] - p[3 * a + 1], fz = p[3 * c + 2] - p[3 * a + 2];
        return new double[] {ey * fz - ez * fy, ez * fx - ex * fz, ex * fy - ey * fx};
    }

    private static double maxRadius(Mesh mesh) {
        float[] p = mesh.positions();
        double max = 0;
        for (int v = 0; v < mesh.vertexCount(); v++) {
            max = Math.max(max, Math.sqrt(p[3 * v] * p[3 * v] + p[3 * v + 1] * p[3 * v + 1] + p[3 * v + 2] * p[3 * v + 2]));
        }
        return max;
    }
}
