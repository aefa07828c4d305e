package io.auteur.previs.world;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import io.auteur.previs.Direction;
import io.auteur.previs.Motion;
import io.auteur.previs.math.Vec3;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

class PhysicsTest {
    @Test
    void bounceApexDecaysByTheSquareOfRestitution() {
        double drop = 2.0, e = 0.7;
        List<Double> apexes = new ArrayList<>();
        double dt = 1e-4;
        double previousVelocity = Physics.bounceVelocity(drop, e, 0);
        // Scan for the moments the vertical velocity turns from up to down: those are the apexes.
        for (double t = dt; t < 6; t += dt) {
            double velocity = Physics.bounceVelocity(drop, e, t);
            if (previousVelocity > 0 && velocity <= 0) {
                apexes.add(Physics.bounceHeight(drop, e, t));
            }
            previousVelocity = velocity;
        }
        assertThat(apexes).hasSizeGreaterThanOrEqualTo(4);
        assertThat(apexes.getFirst()).isCloseTo(drop * e * e, within(1e-3));
        for (int i = 1; i < apexes.size(); i++) {
            // velocity keeps the fraction e at each impact, so height keeps e^2
            assertThat(apexes.get(i) / apexes.get(i - 1)).isCloseTo(e * e, within(2e-3));
        }
    }

    @Test
    void aBouncingBodyNeverGoesBelowTheGroundAndComesToRest() {
        for (double t = 0; t < 20; t += 0.01) {
            assertThat(Physics.bounceHeight(1.5, 0.8, t)).isGreaterThanOrEqualTo(-1e-12);
        }
        assertThat(Physics.bounceHeight(1.5, 0.8, 30)).isZero();
    }

    @Test
    void aFallingBodyFollowsGravityAndStopsOnTheGround() {
        assertThat(Physics.fallHeight(3, 0.5)).isCloseTo(3 - 0.5 * 9.81 * 0.25, within(1e-12));
        assertThat(Physics.fallHeight(3, 1.0)).isZero();
    }

    @Test
    void aRollingSphereTurnsByDistanceOverRadius() {
        double radius = 0.35;
        Motion.Roll roll = new Motion.Roll(Direction.RIGHT, 0.8);
        Vec3 start = new Vec3(-1, 0, 0);
        double t = 1.7;
        Pose pose = Physics.poseAt(roll, start, radius, t);
        double distance = pose.position().minus(new Vec3(-1, radius, 0)).length();
        assertThat(distance).isCloseTo(0.8 * t, within(1e-12));
        // The angle between where the bottom point started and where it is now is distance / radius (mod 2 pi).
        Vec3 down = pose.rotation().transformDirection(new Vec3(0, -1, 0));
        double turned = Math.acos(Math.max(-1, Math.min(1, -down.y())));
        double expected = (distance / radius) % (2 * Math.PI);
        assertThat(turned).isCloseTo(expected > Math.PI ? 2 * Math.PI - expected : expected, within(1e-9));
        // Rolling right, the point that touched the ground lifts off behind the ball (toward -x).
        Vec3 early = Physics.poseAt(roll, start, radius, 0.05).rotation().transformDirection(new Vec3(0, -1, 0));
        assertThat(early.x()).isNegative();
    }

    @Test
    void movesSpinsAndOrbitsAreKinematic() {
        Pose moved = Physics.poseAt(new Motion.Move(Direction.TOWARD_CAMERA, 0.5), new Vec3(0, 0, 0), 0.3, 2);
        assertThat(moved.position()).isEqualTo(new Vec3(0, 0.3, 1.0));
        Pose spun = Physics.poseAt(new Motion.Spin(90), Vec3.ZERO, 0.3, 1);
        Vec3 x = spun.rotation().transformDirection(Vec3.UNIT_X);
        assertThat(x.x()).isCloseTo(0, within(1e-12));
        assertThat(x.z()).isCloseTo(-1, within(1e-12));
        Pose orbited = Physics.poseAt(new Motion.Orbit(90), new Vec3(2, 0, 0), 0.3, 1);
        assertThat(Math.hypot(orbited.position().x(), orbited.position().z())).isCloseTo(2, within(1e-12));
        // counter-clockwise seen from above: +x goes to -z (away from the default camera)
        assertThat(orbited.position().z()).isCloseTo(-2, within(1e-9));
    }
}
