package io.auteur.previs.render;

import io.auteur.previs.GroundPattern;
import io.auteur.previs.math.Mat4;
import java.util.Arrays;
import java.util.List;

/**
 * The previs software rasterizer: draws a {@link FrameRequest} into a {@link RenderedFrame} (picture,
 * metric depth, normals, instance ids, exact forward flow).
 *
 * <p>How a frame is made:
 * <ol>
 * <li>Every item's vertices are transformed once: to world space (position, normal), to the supersampled
 *     screen of this frame, to the pixel screen of the next frame (pose and camera of the next frame, for
 *     flow), and to the screen position of their shadow on the ground.</li>
 * <li>Triangles are clipped against the near plane (w &gt;= {@value #NEAR_METRES} m), culled when they face
 *     away, and scan-converted with edge functions into a visibility buffer (1/depth and triangle index)
 *     on the s x s sample grid, and, for even s, a second one at the pixel centres. Edge functions are
 *     evaluated so that two triangles sharing an edge compute exactly opposite values: no cracks.</li>
 * <li>The sun-facing triangles of each item, projected along the sun direction onto y = 0, are scan-converted
 *     into a shadow mask.</li>
 * <li>Each sample row gets its background by casting rays: the ground plane (pattern per sample, darkened
 *     where the shadow mask is set) or the sky gradient (per pixel: it is smooth). Where an item's 1/depth
 *     beats the ground's, the item is shaded instead: perspective-correct normal, hemispheric ambient,
 *     Lambert and Blinn-Phong. Like hardware multisampling, coverage and depth are per sample but a
 *     triangle is shaded once per pixel, at its first covered sample. The ground hides any part of an item
 *     below y = 0. Samples are box-filtered in linear light, tone mapped and sRGB-encoded.</li>
 * <li>Control buffers are resolved at each pixel centre from the centre visibility (see {@link RenderedFrame}).</li>
 * </ol>
 *
 * <p>A rasterizer owns reusable buffers of about 12 bytes per sample (100 MB at 1920x1080 with s = 2, 400 MB
 * with s = 4): create one per thread and reuse it; it is not thread-safe. Each frame's outputs are fresh
 * arrays. Rendering is deterministic: the same request gives identical bytes.
 */
public final class Rasterizer {
    public static final int MAX_SUPERSAMPLING = 4;
    /** Geometry nearer the eye plane than this is clipped away. */
    public static final double NEAR_METRES = 0.01;

    // vertex attributes, STRIDE doubles per vertex
    private static final int WX = 0, WY = 1, WZ = 2, NX = 3, NY = 4, NZ = 5;
    /** Homogeneous position on this frame's supersampled screen. */
    private static final int SX = 6, SY = 7, SW = 8;
    /** Homogeneous position on the next frame's pixel screen. */
    private static final int NEXT_X = 9, NEXT_Y = 10, NEXT_W = 11;
    /** Homogeneous position, on this frame's supersampled screen, of the vertex's shadow on the ground. */
    private static final int SHADOW_X = 12, SHADOW_Y = 13, SHADOW_W = 14;
    private static final int STRIDE = 15;

    // per-triangle planes over the supersampled screen, PLANES doubles per triangle:
    // three edge functions, then 1/depth, then the two perspective-correct barycentrics times 1/depth
    private static final int PLANE_Z = 9, PLANE_Q1 = 12, PLANE_Q2 = 15, PLANES = 18;

    private final int width;
    private final int height;
    private final int supersampling;
    private final int sampleWidth;
    private final int sampleHeight;

    private final float[] sampleInverseDepth;
    private final int[] sampleTriangle;
    /** Visibility at pixel centres; null for odd supersampling, where the centre is a sample. */
    private final float[] centreInverseDepth;
    private final int[] centreTriangle;
    private final int[] shadowStamp;
    private int stamp;

    private double[] vertices = new double[STRIDE * 1024];
    private int vertexCount;
    private int[] triangleVertices = new int[4 * 1024];
    private double[] trianglePlanes = new double[PLANES * 1024];
    private int triangleCount;

    private int[] itemFirstVertex = new int[64];
    private boolean[] itemDrawn = new boolean[64];
    private boolean[] itemMirrored = new boolean[64];
    /** Whether the item's pose is the same in the next frame. */
    private boolean[] itemStill = new boolean[64];
    private short[] itemInstance = new short[64];
    private double[] itemSurface = new double[5 * 64];

    private final double[] model = new double[12];
    private final double[] modelNext = new double[12];
    private final double[] screenNow = new double[12];
    private final double[] screenNext = new double[12];
    private final int[] clippedPolygon = new int[4];
    private final double[] shadowPolygon = new double[3 * 4];
    private final double[] shadowInput = new double[3 * 3];
    /** One pixel row of summed linear sample colours. */
    private final double[] rowSum;
    /** One row of linear sample colours. */
    private final double[] rowColour;
    /** The sky colour at each pixel centre of pixel row {@link #skyPixelRow}. */
    private final double[] skyColour;
    private int skyPixelRow;
    /** Per pixel of the current pixel row: the triangle last shaded there and the colour it got. */
    private final int[] pixelShadedTriangle;
    private final double[] pixelShade;
    /** Ground colours for the current row: two tones lit, then the same two in shadow. */
    private final double[] groundTones = new double[12];
    private final double[] controlNext = new double[3];

    /**
     * @param width         pixels, in [{@value FrameRequest#MIN_SIZE}, {@value FrameRequest#MAX_WIDTH}]
     * @param height        pixels, in [{@value FrameRequest#MIN_SIZE}, {@value FrameRequest#MAX_HEIGHT}]
     * @param supersampling s for an s x s ordered grid of samples per pixel, in [1, {@value #MAX_SUPERSAMPLING}]
     */
    public Rasterizer(int width, int height, int supersampling) {
        FrameRequest.checkSize(width, height);
        if (supersampling < 1 || supersampling > MAX_SUPERSAMPLING) {
            throw new IllegalArgumentException(
                    "supersampling must lie in [1, " + MAX_SUPERSAMPLING + "], was " + supersampling);
        }
        this.width = width;
        this.height = height;
        this.supersampling = supersampling;
        this.sampleWidth = width * supersampling;
        this.sampleHeight = height * supersampling;
        int samples = sampleWidth * sampleHeight;
        sampleInverseDepth = new float[samples];
        sampleTriangle = new int[samples];
        shadowStamp = new int[samples];
        rowSum = new double[3 * width];
        rowColour = new double[3 * sampleWidth];
        skyColour = new double[3 * width];
        pixelShadedTriangle = new int[width];
        pixelShade = new double[3 * width];
        if (supersampling % 2 == 0) {
            centreInverseDepth = new float[width * height];
            centreTriangle = new int[width * height];
        } else {
            centreInverseDepth = null;
            centreTriangle = null;
        }
    }

    public int width() {
        return width;
    }

    public int height() {
        return height;
    }

    public int supersampling() {
        return supersampling;
    }

    /** Draws one frame. The request must have this rasterizer's size. */
    public RenderedFrame render(FrameRequest request) {
        if (request.width() != width || request.height() != height) {
            throw new IllegalArgumentException("request is " + request.width() + "x" + request.height()
                    + " but this rasterizer draws " + width + "x" + height);
        }
        // 1. cameras and lighting for this frame
        Projection camera = new Projection(request.now(), width, height, supersampling);
        Projection nextCamera = new Projection(request.next(), width, height, 1);
        SceneLighting lighting = new SceneLighting(request.light(), request.sky(), request.ground());
        List<RenderItem> items = request.items();

        // 2. vertices: world, screen now, screen next, shadow on the ground
        transformVertices(items, camera, nextCamera, lighting);

        // 3. visibility: clip, cull, scan-convert
        clearVisibility();
        rasterizeItems(items);

        // 4. shadows cast on the ground
        rasterizeShadows(items, lighting);

        // 5. shade every sample, filter, tone map
        byte[] rgb = shadePicture(camera, lighting);

        // 6. control buffers at pixel centres
        return resolveControls(rgb, camera, nextCamera, request.now().equals(request.next()));
    }

    // ---- step 2: vertices ----

    private void transformVertices(List<RenderItem> items, Projection camera, Projection nextCamera,
            SceneLighting lighting) {
        ensureItemCapacity(items.size());
        vertexCount = 0;
        double lx = lighting.towardSunX, ly = lighting.towardSunY, lz = lighting.towardSunZ;
        double[] toScreen = camera.worldToScreen;
        for (int k = 0; k < items.size(); k++) {
            RenderItem item = items.get(k);
            Surface surface = item.surface();
            itemInstance[k] = (short) item.instanceId();
            itemSurface[5 * k] = surface.albedo().r();
            itemSurface[5 * k + 1] = surface.albedo().g();
            itemSurface[5 * k + 2] = surface.albedo().b();
            itemSurface[5 * k + 3] = surface.specular();
            itemSurface[5 * k + 4] = surface.shininess();
            itemFirstVertex[k] = vertexCount;
            itemStill[k] = item.modelNow().equals(item.modelNext());

            readAffine(item.modelNow(), model);
            readAffine(item.modelNext(), modelNext);
            // normals transform by the inverse transpose, which is the cofactor matrix over the determinant;
            // only its direction matters here, so the cofactors times the determinant's sign will do
            double a = model[0], b = model[1], c = model[2];
            double d = model[4], e = model[5], f = model[6];
            double g = model[8], h = model[9], i = model[10];
            double c00 = e * i - f * h, c01 = f * g - d * i, c02 = d * h - e * g;
            double c10 = c * h - b * i, c11 = a * i - c * g, c12 = b * g - a * h;
            double c20 = b * f - c * e, c21 = c * d - a * f, c22 = a * e - b * d;
            double determinant = a * c00 + b * c01 + c * c02;
            itemDrawn[k] = determinant != 0 && Double.isFinite(determinant);
            itemMirrored[k] = determinant < 0;
            if (!itemDrawn[k]) {
                continue; // flattened to nothing: no area to draw
            }
            double sign = determinant < 0 ? -1 : 1;
            camera.objectToScreen(model, screenNow);
            nextCamera.objectToScreen(modelNext, screenNext);

            Mesh mesh = item.mesh();
            float[] positions = mesh.positions();
            float[] normals = mesh.normals();
            int count = mesh.vertexCount();
            ensureVertexCapacity(vertexCount + count);
            double[] v = vertices;
            double[] m = model, s = screenNow, n = screenNext;
            for (int j = 0; j < count; j++) {
                double px = positions[3 * j], py = positions[3 * j + 1], pz = positions[3 * j + 2];
                double qx = normals[3 * j], qy = normals[3 * j + 1], qz = normals[3 * j + 2];
                int o = (vertexCount + j) * STRIDE;
                double wx = m[0] * px + m[1] * py + m[2] * pz + m[3];
                double wy = m[4] * px + m[5] * py + m[6] * pz + m[7];
                double wz = m[8] * px + m[9] * py + m[10] * pz + m[11];
                v[o + WX] = wx;
                v[o + WY] = wy;
                v[o + WZ] = wz;
                double nx = c00 * qx + c01 * qy + c02 * qz;
                double ny = c10 * qx + c11 * qy + c12 * qz;
                double nz = c20 * qx + c21 * qy + c22 * qz;
                double scale = sign / Math.sqrt(nx * nx + ny * ny + nz * nz);
                v[o + NX] = nx * scale;
                v[o + NY] = ny * scale;
                v[o + NZ] = nz * scale;
                v[o + SX] = s[0] * px + s[1] * py + s[2] * pz + s[3];
                v[o + SY] = s[4] * px + s[5] * py + s[6] * pz + s[7];
                v[o + SW] = s[8] * px + s[9] * py + s[10] * pz + s[11];
                v[o + NEXT_X] = n[0] * px + n[1] * py + n[2] * pz + n[3];
                v[o + NEXT_Y] = n[4] * px + n[5] * py + n[6] * pz + n[7];
                v[o + NEXT_W] = n[8] * px + n[9] * py + n[10] * pz + n[11];
                // the shadow falls along the sun direction onto y = 0 (points below the ground straight down)
                double drop = Math.max(wy, 0) / ly;
                double gx = wx - lx * drop, gz = wz - lz * drop;
                v[o + SHADOW_X] = toScreen[0] * gx + toScreen[2] * gz + toScreen[3];
                v[o + SHADOW_Y] = toScreen[4] * gx + toScreen[6] * gz + toScreen[7];
                v[o + SHADOW_W] = toScreen[8] * gx + toScreen[10] * gz + toScreen[11];
            }
            vertexCount += count;
        }
    }

    private static void readAffine(Mat4 matrix, double[] out) {
        for (int row = 0; row < 3; row++) {
            for (int column = 0; column < 4; column++) {
                out[4 * row + column] = matrix.get(row, column);
            }
        }
    }

    // ---- step 3: visibility ----

    private void clearVisibility() {
        Arrays.fill(sampleInverseDepth, 0f);
        Arrays.fill(sampleTriangle, -1);
        if (centreTriangle != null) {
            Arrays.fill(centreInverseDepth, 0f);
            Arrays.fill(centreTriangle, -1);
        }
    }

    private void rasterizeItems(List<RenderItem> items) {
        triangleCount = 0;
        for (int k = 0; k < items.size(); k++) {
            if (!itemDrawn[k]) {
                continue;
            }
            int[] triangles = items.get(k).mesh().triangles();
            int first = itemFirstVertex[k];
            boolean mirrored = itemMirrored[k];
            for (int t = 0; t < triangles.length; t += 3) {
                int a = first + triangles[t];
                int b = first + triangles[mirrored ? t + 2 : t + 1];
                int c = first + triangles[mirrored ? t + 1 : t + 2];
                addClippedTriangle(a, b, c, k);
            }
        }
    }

    /** Clips against the near plane (a triangle becomes at most a quad, drawn as two triangles). */
    private void addClippedTriangle(int a, int b, int c, int item) {
        double[] v = vertices;
        boolean inA = v[a * STRIDE + SW] >= NEAR_METRES;
        boolean inB = v[b * STRIDE + SW] >= NEAR_METRES;
        boolean inC = v[c * STRIDE + SW] >= NEAR_METRES;
        if (inA && inB && inC) {
            addTriangle(a, b, c, item);
            return;
        }
        if (!inA && !inB && !inC) {
            return;
        }
        int count = clipEdge(a, inA, b, inB, 0);
        count = clipEdge(b, inB, c, inC, count);
        count = clipEdge(c, inC, a, inA, count);
        int[] p = clippedPolygon;
        addTriangle(p[0], p[1], p[2], item);
        if (count == 4) {
            addTriangle(p[0], p[2], p[3], item);
        }
    }

    private int clipEdge(int from, boolean fromInside, int to, boolean toInside, int count) {
        if (fromInside) {
            clippedPolygon[count++] = from;
        }
        if (fromInside != toInside) {
            // always interpolate from the inside end, so the triangle across the edge makes the same vertex
            clippedPolygon[count++] = fromInside ? nearPlaneVertex(from, to) : nearPlaneVertex(to, from);
        }
        return count;
    }

    private int nearPlaneVertex(int inside, int outside) {
        ensureVertexCapacity(vertexCount + 1);
        double[] v = vertices;
        int i = inside * STRIDE, o = outside * STRIDE, n = vertexCount * STRIDE;
        double t = (v[i + SW] - NEAR_METRES) / (v[i + SW] - v[o + SW]);
        for (int attribute = 0; attribute < STRIDE; attribute++) {
            v[n + attribute] = v[i + attribute] + t * (v[o + attribute] - v[i + attribute]);
        }
        return vertexCount++;
    }

    private void addTriangle(int a, int b, int c, int item) {
        double[] v = vertices;
        int oa = a * STRIDE, ob = b * STRIDE, oc = c * STRIDE;
        double iw0 = 1 / v[oa + SW], iw1 = 1 / v[ob + SW], iw2 = 1 / v[oc + SW];
        double x0 = v[oa + SX] * iw0, y0 = v[oa + SY] * iw0;
        double x1 = v[ob + SX] * iw1, y1 = v[ob + SY] * iw1;
        double x2 = v[oc + SX] * iw2, y2 = v[oc + SY] * iw2;
        // twice the area, positive for triangles counter-clockwise in NDC (clockwise on the y-down screen)
        double area = (x2 - x0) * (y1 - y0) - (x1 - x0) * (y2 - y0);
        if (!(area > 0)) {
            return; // facing away, edge-on, or degenerate
        }
        double minX = Math.min(x0, Math.min(x1, x2)), maxX = Math.max(x0, Math.max(x1, x2));
        double minY = Math.min(y0, Math.min(y1, y2)), maxY = Math.max(y0, Math.max(y1, y2));
        if (maxX < 0 || maxY < 0 || minX > sampleWidth || minY > sampleHeight) {
            return;
        }
        ensureTriangleCapacity(triangleCount + 1);
        int t = triangleCount++;
        int[] tv = triangleVertices;
        tv[4 * t] = a;
        tv[4 * t + 1] = b;
        tv[4 * t + 2] = c;
        tv[4 * t + 3] = item;
        double[] p = trianglePlanes;
        int o = t * PLANES;
        // edge function of the edge opposite each vertex, positive inside; written so that the edge (a, b)
        // of one triangle and (b, a) of its neighbour give exactly negated coefficients
        p[o] = y2 - y1;
        p[o + 1] = x1 - x2;
        p[o + 2] = x2 * y1 - x1 * y2;
        p[o + 3] = y0 - y2;
        p[o + 4] = x2 - x0;
        p[o + 5] = x0 * y2 - x2 * y0;
        p[o + 6] = y1 - y0;
        p[o + 7] = x0 - x1;
        p[o + 8] = x1 * y0 - x0 * y1;
        // screen-space barycentric i = edge i / area; 1/w and barycentric/w are affine in screen space
        double inverseArea = 1 / area;
        for (int k = 0; k < 3; k++) {
            p[o + PLANE_Z + k] = (p[o + k] * iw0 + p[o + 3 + k] * iw1 + p[o + 6 + k] * iw2) * inverseArea;
            p[o + PLANE_Q1 + k] = p[o + 3 + k] * iw1 * inverseArea;
            p[o + PLANE_Q2 + k] = p[o + 6 + k] * iw2 * inverseArea;
        }
        scanVisibility(p, o, minX, maxX, minY, maxY, sampleWidth, sampleHeight, 1, 0.5,
                sampleInverseDepth, sampleTriangle, t);
        if (centreTriangle != null) {
            double step = supersampling;
            scanVisibility(p, o, minX, maxX, minY, maxY, width, height, step, step / 2,
                    centreInverseDepth, centreTriangle, t);
        }
    }

    /**
     * Depth-tested scan conversion onto a grid whose point (i, j) lies at (i * step + offset, j * step + offset)
     * in supersampled screen units. Each row's span is narrowed analytically (with a one-point margin) and
     * every candidate is still tested exactly, so shared edges stay watertight.
     */
    private static void scanVisibility(double[] p, int o, double minX, double maxX, double minY, double maxY,
            int gridWidth, int gridHeight, double step, double offset, float[] inverseDepth, int[] triangle,
            int id) {
        int i0 = firstGridIndex(minX, step, offset), i1 = lastGridIndex(maxX, step, offset, gridWidth);
        int j0 = firstGridIndex(minY, step, offset), j1 = lastGridIndex(maxY, step, offset, gridHeight);
        if (i0 > i1 || j0 > j1) {
            return;
        }
        double a0 = p[o], b0 = p[o + 1], c0 = p[o + 2];
        double a1 = p[o + 3], b1 = p[o + 4], c1 = p[o + 5];
        double a2 = p[o + 6], b2 = p[o + 7], c2 = p[o + 8];
        double za = p[o + PLANE_Z], zb = p[o + PLANE_Z + 1], zc = p[o + PLANE_Z + 2];
        // narrow wide rows to the span inside all three edges; small boxes are cheaper to test whole
        boolean narrow = i1 - i0 > 6;
        double inverse0 = 1 / a0, inverse1 = 1 / a1, inverse2 = 1 / a2;
        for (int j = j0; j <= j1; j++) {
            double y = j * step + offset;
            double r0 = b0 * y + c0, r1 = b1 * y + c1, r2 = b2 * y + c2, rz = zb * y + zc;
            int start = i0, end = i1;
            if (narrow) {
                double low = Double.NEGATIVE_INFINITY, high = Double.POSITIVE_INFINITY;
                if (a0 > 0) { low = Math.max(low, -r0 * inverse0); } else if (a0 < 0) { high = Math.min(high, -r0 * inverse0); } else if (r0 < 0) { continue; }
                if (a1 > 0) { low = Math.max(low, -r1 * inverse1); } else if (a1 < 0) { high = Math.min(high, -r1 * inverse1); } else if (r1 < 0) { continue; }
                if (a2 > 0) { low = Math.max(low, -r2 * inverse2); } else if (a2 < 0) { high = Math.min(high, -r2 * inverse2); } else if (r2 < 0) { continue; }
                start = (int) Math.max(i0, Math.ceil((low - offset) / step) - 1);
                end = (int) Math.min(i1, Math.floor((high - offset) / step) + 1);
            }
            int row = j * gridWidth;
            // stepping x by addition is exact here (whole and half units), so every triangle sees the same x
            // at a grid point, which keeps shared edges watertight; it also spares an int-to-double per point
            double x = start * step + offset;
            for (int i = start; i <= end; i++, x += step) {
                if (a0 * x + r0 >= 0 && a1 * x + r1 >= 0 && a2 * x + r2 >= 0) {
                    float z = (float) (za * x + rz);
                    if (z > inverseDepth[row + i]) {
                        inverseDepth[row + i] = z;
                        triangle[row + i] = id;
                    }
                }
            }
        }
    }

    private static int firstGridIndex(double min, double step, double offset) {
        return (int) Math.max(0, Math.ceil((min - offset) / step));
    }

    private static int lastGridIndex(double max, double step, double offset, int size) {
        return (int) Math.min(size - 1, Math.floor((max - offset) / step));
    }

    // ---- step 4: shadows ----

    private void rasterizeShadows(List<RenderItem> items, SceneLighting lighting) {
        if (++stamp == Integer.MAX_VALUE) {
            Arrays.fill(shadowStamp, 0);
            stamp = 1;
        }
        double lx = lighting.towardSunX, ly = lighting.towardSunY, lz = lighting.towardSunZ;
        double[] v = vertices;
        for (int k = 0; k < items.size(); k++) {
            if (!itemDrawn[k]) {
                continue;
            }
            int[] triangles = items.get(k).mesh().triangles();
            int first = itemFirstVertex[k];
            boolean mirrored = itemMirrored[k];
            for (int t = 0; t < triangles.length; t += 3) {
                int oa = (first + triangles[t]) * STRIDE;
                int ob = (first + triangles[mirrored ? t + 2 : t + 1]) * STRIDE;
                int oc = (first + triangles[mirrored ? t + 1 : t + 2]) * STRIDE;
                if (v[oa + WY] <= 0 && v[ob + WY] <= 0 && v[oc + WY] <= 0) {
                    continue; // below the ground: casts nothing onto it
                }
                // the sun-facing triangles of a closed mesh cover its whole shadow, the others repeat it
                double ex = v[ob + WX] - v[oa + WX], ey = v[ob + WY] - v[oa + WY], ez = v[ob + WZ] - v[oa + WZ];
                double fx = v[oc + WX] - v[oa + WX], fy = v[oc + WY] - v[oa + WY], fz = v[oc + WZ] - v[oa + WZ];
                double facing = (ey * fz - ez * fy) * lx + (ez * fx - ex * fz) * ly + (ex * fy - ey * fx) * lz;
                if (!(facing > 0)) {
                    continue;
                }
                addShadowTriangle(oa, ob, oc);
            }
        }
    }

    private void addShadowTriangle(int oa, int ob, int oc) {
        double[] v = vertices;
        double[] in = shadowInput;
        for (int k = 0; k < 3; k++) {
            int offset = k == 0 ? oa : k == 1 ? ob : oc;
            in[3 * k] = v[offset + SHADOW_X];
            in[3 * k + 1] = v[offset + SHADOW_Y];
            in[3 * k + 2] = v[offset + SHADOW_W];
        }
        int inside = (in[2] >= NEAR_METRES ? 1 : 0) + (in[5] >= NEAR_METRES ? 1 : 0) + (in[8] >= NEAR_METRES ? 1 : 0);
        if (inside == 3) {
            scanShadow(in, 0, 3, 6);
            return;
        }
        if (inside == 0) {
            return;
        }
        double[] out = shadowPolygon;
        int count = 0;
        for (int k = 0; k < 3; k++) {
            int from = 3 * k, to = 3 * ((k + 1) % 3);
            boolean fromInside = in[from + 2] >= NEAR_METRES, toInside = in[to + 2] >= NEAR_METRES;
            if (fromInside) {
                out[3 * count] = in[from];
                out[3 * count + 1] = in[from + 1];
                out[3 * count + 2] = in[from + 2];
                count++;
            }
            if (fromInside != toInside) {
                int i = fromInside ? from : to, o = fromInside ? to : from;
                double t = (in[i + 2] - NEAR_METRES) / (in[i + 2] - in[o + 2]);
                for (int attribute = 0; attribute < 3; attribute++) {
                    out[3 * count + attribute] = in[i + attribute] + t * (in[o + attribute] - in[i + attribute]);
                }
                count++;
            }
        }
        scanShadow(out, 0, 3, 6);
        if (count == 4) {
            scanShadow(out, 0, 6, 9);
        }
    }

    /** Marks the samples covered by one projected shadow triangle (either winding) in the shadow mask. */
    private void scanShadow(double[] h, int a, int b, int c) {
        double x0 = h[a] / h[a + 2], y0 = h[a + 1] / h[a + 2];
        double x1 = h[b] / h[b + 2], y1 = h[b + 1] / h[b + 2];
        double x2 = h[c] / h[c + 2], y2 = h[c + 1] / h[c + 2];
        double area = (x2 - x0) * (y1 - y0) - (x1 - x0) * (y2 - y0);
        if (area == 0 || Double.isNaN(area)) {
            return;
        }
        double sign = area > 0 ? 1 : -1;
        double a0 = sign * (y2 - y1), b0 = sign * (x1 - x2), c0 = sign * (x2 * y1 - x1 * y2);
        double a1 = sign * (y0 - y2), b1 = sign * (x2 - x0), c1 = sign * (x0 * y2 - x2 * y0);
        double a2 = sign * (y1 - y0), b2 = sign * (x0 - x1), c2 = sign * (x1 * y0 - x0 * y1);
        int i0 = firstGridIndex(Math.min(x0, Math.min(x1, x2)), 1, 0.5);
        int i1 = lastGridIndex(Math.max(x0, Math.max(x1, x2)), 1, 0.5, sampleWidth);
        int j0 = firstGridIndex(Math.min(y0, Math.min(y1, y2)), 1, 0.5);
        int j1 = lastGridIndex(Math.max(y0, Math.max(y1, y2)), 1, 0.5, sampleHeight);
        int[] mask = shadowStamp;
        int mark = stamp;
        boolean narrow = i1 - i0 > 6;
        double inverse0 = 1 / a0, inverse1 = 1 / a1, inverse2 = 1 / a2;
        for (int j = j0; j <= j1; j++) {
            double y = j + 0.5;
            double r0 = b0 * y + c0, r1 = b1 * y + c1, r2 = b2 * y + c2;
            int start = i0, end = i1;
            if (narrow) {
                double low = Double.NEGATIVE_INFINITY, high = Double.POSITIVE_INFINITY;
                if (a0 > 0) { low = Math.max(low, -r0 * inverse0); } else if (a0 < 0) { high = Math.min(high, -r0 * inverse0); } else if (r0 < 0) { continue; }
                if (a1 > 0) { low = Math.max(low, -r1 * inverse1); } else if (a1 < 0) { high = Math.min(high, -r1 * inverse1); } else if (r1 < 0) { continue; }
                if (a2 > 0) { low = Math.max(low, -r2 * inverse2); } else if (a2 < 0) { high = Math.min(high, -r2 * inverse2); } else if (r2 < 0) { continue; }
                start = (int) Math.max(i0, Math.ceil(low - 0.5) - 1);
                end = (int) Math.min(i1, Math.floor(high - 0.5) + 1);
            }
            int row = j * sampleWidth;
            double x = start + 0.5;
            for (int i = start; i <= end; i++, x += 1) {
                if (a0 * x + r0 >= 0 && a1 * x + r1 >= 0 && a2 * x + r2 >= 0) {
                    mask[row + i] = mark;
                }
            }
        }
    }

    // ---- step 5: picture ----

    private byte[] shadePicture(Projection camera, SceneLighting lighting) {
        byte[] rgb = new byte[3 * width * height];
        double[] sum = rowSum;
        skyPixelRow = -1;
        double perSample = 1.0 / (supersampling * supersampling);
        for (int py = 0; py < height; py++) {
            Arrays.fill(sum, 0);
            Arrays.fill(pixelShadedTriangle, -1);
            for (int sy = 0; sy < supersampling; sy++) {
                shadeSampleRow(py * supersampling + sy, camera, lighting, sum);
            }
            int o = 3 * py * width;
            for (int i = 0; i < 3 * width; i++) {
                rgb[o + i] = ToneCurve.toSrgbByte(sum[i] * perSample);
            }
        }
        return rgb;
    }

    /**
     * Shades one row of samples, adding each pixel's samples into {@code sum} (rgb per pixel). The camera
     * has no roll, so all samples of a row share the ray's vertical component: the whole row sees either
     * ground or sky behind the items. The background is filled first in a tight loop; then each pixel sums
     * its samples, taking an item's shade instead of the background where the item is in front.
     */
    private void shadeSampleRow(int j, Projection camera, SceneLighting light, double[] sum) {
        double y = j + 0.5;
        double rowX = camera.rayOriginX + y * camera.rayPerYx;
        double dy = camera.rayOriginY + y * camera.rayPerYy;
        double rowZ = camera.rayOriginZ + y * camera.rayPerYz;
        double groundDistance = groundDistance(camera.eyeY, dy);
        double[] colour = rowColour;
        if (groundDistance < Double.POSITIVE_INFINITY) {
            shadeGroundRow(j, rowX, dy, rowZ, groundDistance, camera, light);
        } else {
            shadeSkyRow(j / supersampling, camera, light);
        }
        float[] inverseDepth = sampleInverseDepth;
        int[] triangles = sampleTriangle;
        int[] shadedTriangle = pixelShadedTriangle;
        double[] shade = pixelShade;
        // an item is in front of the background where its 1/depth beats the ground's (0 for sky)
        float groundInverseDepth = (float) (1 / groundDistance);
        int s = supersampling;
        int first = j * sampleWidth;
        for (int px = 0, i = 0; px < width; px++) {
            double r = 0, g = 0, b = 0;
            for (int sx = 0; sx < s; sx++, i++) {
                int triangle = triangles[first + i];
                if (triangle >= 0 && inverseDepth[first + i] >= groundInverseDepth) {
                    // coverage is per sample, shading once per pixel and triangle (as hardware multisampling
                    // does): the first sample of the pixel on this triangle is shaded, the others reuse it
                    if (shadedTriangle[px] != triangle) {
                        double x = i + 0.5;
                        shadeSurface(triangle, x, y, rowX + x * camera.rayPerXx, dy, rowZ + x * camera.rayPerXz,
                                light, shade, 3 * px);
                        shadedTriangle[px] = triangle;
                    }
                    r += shade[3 * px];
                    g += shade[3 * px + 1];
                    b += shade[3 * px + 2];
                } else {
                    r += colour[3 * i];
                    g += colour[3 * i + 1];
                    b += colour[3 * i + 2];
                }
            }
            sum[3 * px] += r;
            sum[3 * px + 1] += g;
            sum[3 * px + 2] += b;
        }
    }

    /** Ray parameter (equal to view depth, the ray's forward component being 1) where it meets y = 0. */
    private static double groundDistance(double eyeY, double dy) {
        double t = -eyeY / dy;
        return t > 0 ? t : Double.POSITIVE_INFINITY; // also when parallel, or the eye is on the plane
    }

    /**
     * The ground behind one row of samples: its pattern per sample (edges of squares and of shadows are
     * what supersampling is for), lit by the sun except where the shadow mask says an item blocks it.
     */
    private void shadeGroundRow(int j, double rowX, double dy, double rowZ, double distance, Projection camera,
            SceneLighting light) {
        double[] colour = rowColour;
        int[] shadow = shadowStamp;
        int mark = stamp;
        int first = j * sampleWidth;
        // the hit point moves linearly along the row
        double hitX0 = camera.eyeX + distance * rowX, hitZ0 = camera.eyeZ + distance * rowZ;
        double hitPerX = distance * camera.rayPerXx, hitPerZ = distance * camera.rayPerXz;
        // a sample spans about distance/focal across its ray, stretched by |d|/|dy| on the ground; the row's
        // middle stands in for all of it (|d| changes by a few percent along a row)
        double middleX = rowX + sampleWidth * 0.5 * camera.rayPerXx, middleZ = rowZ + sampleWidth * 0.5 * camera.rayPerXz;
        double footprint = distance * Math.sqrt(middleX * middleX + dy * dy + middleZ * middleZ)
                / (camera.focal * Math.abs(dy));
        double contrast = light.patternContrast(footprint);
        switch (light.groundPattern) {
            case PLAIN -> {
                groundTone(light, 0, 0);
                groundTone(light, 0, 1);
            }
            case CHECKER, STRIPES -> {
                groundTone(light, 0.5 - 0.5 * contrast, 0);
                groundTone(light, 0.5 + 0.5 * contrast, 1);
            }
            case NOISE -> {
                // the noise is smooth at the scale of a pixel: one value per pixel serves its samples on this
                // row, while the shadow's edge is still sampled per sample
                groundTone(light, 0, 0);
                groundTone(light, 1, 1);
                double[] t = groundTones;
                int s = supersampling;
                double x = 0.5 * s;
                for (int px = 0, i = 0; px < width; px++, x += s) {
                    double weight = 0.5 + (SceneLighting.noisePattern(hitX0 + x * hitPerX, hitZ0 + x * hitPerZ) - 0.5)
                            * contrast;
                    for (int sx = 0; sx < s; sx++, i++) {
                        int tone = shadow[first + i] == mark ? 6 : 0;
                        colour[3 * i] = t[tone] + (t[tone + 3] - t[tone]) * weight;
                        colour[3 * i + 1] = t[tone + 1] + (t[tone + 4] - t[tone + 1]) * weight;
                        colour[3 * i + 2] = t[tone + 2] + (t[tone + 5] - t[tone + 2]) * weight;
                    }
                }
                return;
            }
        }
        double[] tones = groundTones;
        boolean patterned = light.groundPattern != GroundPattern.PLAIN;
        double x = 0.5;
        for (int i = 0; i < sampleWidth; i++, x += 1) {
            int tone = shadow[first + i] == mark ? 6 : 0;
            if (patterned) {
                tone += 3 * light.hardPattern(hitX0 + x * hitPerX, hitZ0 + x * hitPerZ);
            }
            colour[3 * i] = tones[tone];
            colour[3 * i + 1] = tones[tone + 1];
            colour[3 * i + 2] = tones[tone + 2];
        }
    }

    /**
     * Sets ground tone {@code slot} (0 or 1) to the ground's colour blended {@code weight} toward its second
     * tone: lit at groundTones[3 * slot], in shadow at groundTones[6 + 3 * slot].
     */
    private void groundTone(SceneLighting light, double weight, int slot) {
        double r = light.groundR + (light.groundSecondR - light.groundR) * weight;
        double g = light.groundG + (light.groundSecondG - light.groundG) * weight;
        double b = light.groundB + (light.groundSecondB - light.groundB) * weight;
        int o = 3 * slot;
        groundTones[o] = r * light.groundLitR;
        groundTones[o + 1] = g * light.groundLitG;
        groundTones[o + 2] = b * light.groundLitB;
        groundTones[o + 6] = r * light.groundShadowR;
        groundTones[o + 7] = g * light.groundShadowG;
        groundTones[o + 8] = b * light.groundShadowB;
    }

    /**
     * The sky behind one row of samples. The gradient changes by far less than one code value across a
     * pixel, so it is evaluated once per pixel, at the pixel centre's ray, and shared by the pixel's samples
     * (a square root and a division per sample were a fifth of a 64x64 frame's time).
     */
    private void shadeSkyRow(int pixelRow, Projection camera, SceneLighting light) {
        if (skyPixelRow != pixelRow) {
            skyPixelRow = pixelRow;
            evaluateSky(pixelRow, camera, light);
        }
        double[] colour = rowColour;
        double[] sky = skyColour;
        int s = supersampling;
        for (int px = 0, c = 0; px < width; px++) {
            double r = sky[3 * px], g = sky[3 * px + 1], b = sky[3 * px + 2];
            for (int sx = 0; sx < s; sx++, c += 3) {
                colour[c] = r;
                colour[c + 1] = g;
                colour[c + 2] = b;
            }
        }
    }

    private void evaluateSky(int pixelRow, Projection camera, SceneLighting light) {
        double[] sky = skyColour;
        double y = (pixelRow + 0.5) * supersampling;
        double rowX = camera.rayOriginX + y * camera.rayPerYx;
        double dy = camera.rayOriginY + y * camera.rayPerYy;
        double rowZ = camera.rayOriginZ + y * camera.rayPerYz;
        if (!(dy > 0)) {
            for (int px = 0; px < width; px++) {
                sky[3 * px] = light.horizonR;
                sky[3 * px + 1] = light.horizonG;
                sky[3 * px + 2] = light.horizonB;
            }
            return;
        }
        float[] table = light.skyTable;
        double dySquared = dy * dy;
        for (int px = 0; px < width; px++) {
            double x = (px + 0.5) * supersampling;
            double dx = rowX + x * camera.rayPerXx, dz = rowZ + x * camera.rayPerXz;
            double position = dy / Math.sqrt(dx * dx + dySquared + dz * dz) * SceneLighting.SKY_STEPS;
            int index = Math.min((int) position, SceneLighting.SKY_STEPS - 1);
            double fraction = position - index;
            int o = 3 * index;
            sky[3 * px] = table[o] + (table[o + 3] - table[o]) * fraction;
            sky[3 * px + 1] = table[o + 1] + (table[o + 4] - table[o + 1]) * fraction;
            sky[3 * px + 2] = table[o + 2] + (table[o + 5] - table[o + 2]) * fraction;
        }
    }

    private void shadeSurface(int triangle, double x, double y, double dx, double dy, double dz,
            SceneLighting light, double[] out, int offset) {
        double[] p = trianglePlanes;
        int o = triangle * PLANES;
        double depth = 1 / (p[o + PLANE_Z] * x + p[o + PLANE_Z + 1] * y + p[o + PLANE_Z + 2]);
        double w1 = (p[o + PLANE_Q1] * x + p[o + PLANE_Q1 + 1] * y + p[o + PLANE_Q1 + 2]) * depth;
        double w2 = (p[o + PLANE_Q2] * x + p[o + PLANE_Q2 + 1] * y + p[o + PLANE_Q2 + 2]) * depth;
        double w0 = 1 - w1 - w2;
        int[] tv = triangleVertices;
        double[] v = vertices;
        int va = tv[4 * triangle] * STRIDE, vb = tv[4 * triangle + 1] * STRIDE, vc = tv[4 * triangle + 2] * STRIDE;
        int item = tv[4 * triangle + 3];
        double nx = w0 * v[va + NX] + w1 * v[vb + NX] + w2 * v[vc + NX];
        double ny = w0 * v[va + NY] + w1 * v[vb + NY] + w2 * v[vc + NY];
        double nz = w0 * v[va + NZ] + w1 * v[vb + NZ] + w2 * v[vc + NZ];
        double lengthSquared = nx * nx + ny * ny + nz * nz;
        if (!(lengthSquared > 1e-24)) {
            // vertex normals that cancel out (a mesh folded onto itself): fall back to straight up
            nx = 0;
            ny = 1;
            nz = 0;
            lengthSquared = 1;
        }
        double normalScale = 1 / Math.sqrt(lengthSquared);
        nx *= normalScale;
        ny *= normalScale;
        nz *= normalScale;
        double lx = light.towardSunX, ly = light.towardSunY, lz = light.towardSunZ;
        double sunCosine = nx * lx + ny * ly + nz * lz;
        double direct = sunCosine > 0 ? sunCosine : 0;
        // hemispheric ambient: surfaces facing up see more sky than those facing the ground
        double sky = 0.75 + 0.25 * ny;
        double[] surface = itemSurface;
        int so = 5 * item;
        double r = surface[so] * (light.ambientR * sky + light.sunR * direct);
        double g = surface[so + 1] * (light.ambientG * sky + light.sunG * direct);
        double b = surface[so + 2] * (light.ambientB * sky + light.sunB * direct);
        double specular = surface[so + 3];
        if (specular > 0 && direct > 0) {
            // Blinn-Phong: half vector between the sun and the eye
            double viewScale = 1 / Math.sqrt(dx * dx + dy * dy + dz * dz);
            double hx = lx - dx * viewScale, hy = ly - dy * viewScale, hz = lz - dz * viewScale;
            double halfCosine = (nx * hx + ny * hy + nz * hz) / Math.sqrt(hx * hx + hy * hy + hz * hz);
            if (halfCosine > 0) {
                double highlight = specular * power(halfCosine, (int) surface[so + 4]);
                r += light.sunR * highlight;
                g += light.sunG * highlight;
                b += light.sunB * highlight;
            }
        }
        out[offset] = r;
        out[offset + 1] = g;
        out[offset + 2] = b;
    }

    private static double power(double base, int exponent) {
        double result = 1;
        while (exponent > 0) {
            if ((exponent & 1) != 0) {
                result *= base;
            }
            base *= base;
            exponent >>= 1;
        }
        return result;
    }

    // ---- step 6: control buffers ----

    /**
     * @param cameraStill whether the next frame's camera is this one: then whatever does not move has flow
     *                    exactly 0 (rather than the rounding noise of projecting it twice)
     */
    private RenderedFrame resolveControls(byte[] rgb, Projection camera, Projection nextCamera, boolean cameraStill) {
        int pixels = width * height;
        float[] depth = new float[pixels];
        float[] normals = new float[3 * pixels];
        short[] instance = new short[pixels];
        float[] flow = new float[2 * pixels];
        int s = supersampling;
        double[] next = nextCamera.worldToScreen;
        for (int py = 0; py < height; py++) {
            double centreY = py + 0.5;
            double y = centreY * s;
            double rowX = camera.rayOriginX + y * camera.rayPerYx;
            double dy = camera.rayOriginY + y * camera.rayPerYy;
            double rowZ = camera.rayOriginZ + y * camera.rayPerYz;
            double groundDistance = groundDistance(camera.eyeY, dy);
            float groundInverseDepth = (float) (1 / groundDistance);
            double centreX = 0.5;
            for (int px = 0; px < width; px++, centreX += 1) {
                double x = centreX * s;
                int pixel = py * width + px;
                int triangle;
                float inverseDepth;
                if (centreTriangle != null) {
                    triangle = centreTriangle[pixel];
                    inverseDepth = centreInverseDepth[pixel];
                } else {
                    int k = (py * s + s / 2) * sampleWidth + px * s + s / 2;
                    triangle = sampleTriangle[k];
                    inverseDepth = sampleInverseDepth[k];
                }
                double dx = rowX + x * camera.rayPerXx, dz = rowZ + x * camera.rayPerXz;
                double nextX, nextY, nextW;
                if (triangle >= 0 && inverseDepth >= groundInverseDepth) {
                    resolveSurface(triangle, x, y, pixel, depth, normals, instance, controlNext);
                    if (cameraStill && itemStill[triangleVertices[4 * triangle + 3]]) {
                        continue;
                    }
                    nextX = controlNext[0];
                    nextY = controlNext[1];
                    nextW = controlNext[2];
                } else if (groundDistance < Double.POSITIVE_INFINITY) {
                    double hitX = camera.eyeX + groundDistance * dx, hitZ = camera.eyeZ + groundDistance * dz;
                    depth[pixel] = (float) groundDistance;
                    normals[3 * pixel + 1] = camera.eyeY > 0 ? 1 : -1;
                    instance[pixel] = RenderedFrame.GROUND;
                    if (cameraStill) {
                        continue;
                    }
                    nextX = next[0] * hitX + next[2] * hitZ + next[3];
                    nextY = next[4] * hitX + next[6] * hitZ + next[7];
                    nextW = next[8] * hitX + next[10] * hitZ + next[11];
                } else {
                    depth[pixel] = Float.POSITIVE_INFINITY;
                    instance[pixel] = RenderedFrame.SKY;
                    if (cameraStill) {
                        continue;
                    }
                    // a point at infinity moves only with the camera's rotation: drop the translation column
                    nextX = next[0] * dx + next[1] * dy + next[2] * dz;
                    nextY = next[4] * dx + next[5] * dy + next[6] * dz;
                    nextW = next[8] * dx + next[9] * dy + next[10] * dz;
                }
                if (nextW > 1e-9) {
                    double inverseW = 1 / nextW;
                    flow[2 * pixel] = (float) (nextX * inverseW - centreX);
                    flow[2 * pixel + 1] = (float) (nextY * inverseW - centreY);
                }
            }
        }
        return new RenderedFrame(width, height, rgb, depth, normals, instance, flow);
    }

    /**
     * Depth, normal and instance of the item seen at one pixel centre (x, y in supersampled units), and in
     * {@code next} the homogeneous position of that surface point on the next frame's screen.
     */
    private void resolveSurface(int triangle, double x, double y, int pixel, float[] depth, float[] normals,
            short[] instance, double[] next) {
        double[] p = trianglePlanes;
        double[] v = vertices;
        int[] tv = triangleVertices;
        int o = triangle * PLANES;
        double distance = 1 / (p[o + PLANE_Z] * x + p[o + PLANE_Z + 1] * y + p[o + PLANE_Z + 2]);
        double w1 = (p[o + PLANE_Q1] * x + p[o + PLANE_Q1 + 1] * y + p[o + PLANE_Q1 + 2]) * distance;
        double w2 = (p[o + PLANE_Q2] * x + p[o + PLANE_Q2 + 1] * y + p[o + PLANE_Q2 + 2]) * distance;
        double w0 = 1 - w1 - w2;
        int va = tv[4 * triangle] * STRIDE, vb = tv[4 * triangle + 1] * STRIDE, vc = tv[4 * triangle + 2] * STRIDE;
        double nx = w0 * v[va + NX] + w1 * v[vb + NX] + w2 * v[vc + NX];
        double ny = w0 * v[va + NY] + w1 * v[vb + NY] + w2 * v[vc + NY];
        double nz = w0 * v[va + NZ] + w1 * v[vb + NZ] + w2 * v[vc + NZ];
        double lengthSquared = nx * nx + ny * ny + nz * nz;
        if (!(lengthSquared > 1e-24)) {
            nx = 0; // as in shadeSurface
            ny = 1;
            nz = 0;
            lengthSquared = 1;
        }
        double normalScale = 1 / Math.sqrt(lengthSquared);
        depth[pixel] = (float) distance;
        normals[3 * pixel] = (float) (nx * normalScale);
        normals[3 * pixel + 1] = (float) (ny * normalScale);
        normals[3 * pixel + 2] = (float) (nz * normalScale);
        instance[pixel] = itemInstance[tv[4 * triangle + 3]];
        // barycentrics are affine in object space, so they carry over to the next pose exactly
        next[0] = w0 * v[va + NEXT_X] + w1 * v[vb + NEXT_X] + w2 * v[vc + NEXT_X];
        next[1] = w0 * v[va + NEXT_Y] + w1 * v[vb + NEXT_Y] + w2 * v[vc + NEXT_Y];
        next[2] = w0 * v[va + NEXT_W] + w1 * v[vb + NEXT_W] + w2 * v[vc + NEXT_W];
    }

    // ---- growable per-frame arrays ----

    private void ensureVertexCapacity(int count) {
        if (count * STRIDE > vertices.length) {
            vertices = Arrays.copyOf(vertices, Math.max(count * STRIDE, 2 * vertices.length));
        }
    }

    private void ensureTriangleCapacity(int count) {
        if (count * 4 > triangleVertices.length) {
            int capacity = Math.max(count, 2 * triangleVertices.length / 4);
            triangleVertices = Arrays.copyOf(triangleVertices, 4 * capacity);
            trianglePlanes = Arrays.copyOf(trianglePlanes, PLANES * capacity);
        }
    }

    private void ensureItemCapacity(int count) {
        if (count > itemFirstVertex.length) {
            int capacity = Math.max(count, 2 * itemFirstVertex.length);
            itemFirstVertex = Arrays.copyOf(itemFirstVertex, capacity);
            itemDrawn = Arrays.copyOf(itemDrawn, capacity);
            itemMirrored = Arrays.copyOf(itemMirrored, capacity);
            itemStill = Arrays.copyOf(itemStill, capacity);
            itemInstance = Arrays.copyOf(itemInstance, capacity);
            itemSurface = Arrays.copyOf(itemSurface, 5 * capacity);
        }
    }
}
