/**
 * The previs software rasterizer: rigid meshes, a ray-cast ground plane and sky, sun shading with ground
 * shadows, supersampled pictures and exact per-pixel control buffers (metric depth, normals, instance ids,
 * forward optical flow, edges), plus painters for flow and pose controls.
 *
 * <p>Entry points: {@link io.auteur.previs.render.Rasterizer#render(FrameRequest)} with
 * {@link io.auteur.previs.render.Meshes} for the primitives.
 */
package io.auteur.previs.render;
