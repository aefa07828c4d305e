package io.auteur.studio.cli;

import io.auteur.previs.Camera;
import io.auteur.previs.Light;
import io.auteur.previs.Scene;
import io.auteur.previs.math.Vec3;
import java.util.SplittableRandom;

/** Varies what a prompt leaves open (camera placement, sun direction) by seed; seed 0 keeps the scene as parsed. */
final class SceneVariation {
    private SceneVariation() {}

    static Scene vary(Scene scene, long seed) {
        if (seed == 0) {
            return scene;
        }
        SplittableRandom random = new SplittableRandom(seed);
        Camera c = scene.camera();
        Camera camera = new Camera(c.position().plus(new Vec3(random.nextDouble(-0.6, 0.6), random.nextDouble(-0.3, 0.5),
                random.nextDouble(-0.5, 0.8))), c.lookAt(), c.fovDegrees(), c.move(), c.moveRate());
        Light l = scene.light();
        Light light = new Light(new Vec3(random.nextDouble(-1, 1), random.nextDouble(0.6, 1.4), random.nextDouble(-0.2, 1)),
                l.tone(), l.ambient());
        return new Scene(camera, light, scene.sky(), scene.ground(), scene.objects(), scene.actor());
    }
}
