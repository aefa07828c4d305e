package io.auteur.previs;

import io.auteur.previs.render.RenderedFrame;
import java.util.Optional;

/**
 * One rendered frame of a shot with everything known about it.
 *
 * @param keypoints the actor's COCO-17 keypoints in pixels, 17 x (x, y, visibility) with COCO's visibility codes
 *                  (0 outside the picture or behind the camera, 1 in the picture but hidden, 2 visible); empty
 *                  when the scene has no actor
 */
public record ShotFrame(int index, double timeSeconds, RenderedFrame frame, Optional<float[]> keypoints) {}
