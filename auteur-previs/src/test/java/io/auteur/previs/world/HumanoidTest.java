package io.auteur.previs.world;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import io.auteur.previs.Action;
import io.auteur.previs.Actor;
import io.auteur.previs.Direction;
import io.auteur.previs.NamedColour;
import io.auteur.previs.Size;
import io.auteur.previs.math.Vec3;
import org.junit.jupiter.api.Test;

class HumanoidTest {
    private static Actor actor(Action action) {
        return new Actor(NamedColour.BROWN, NamedColour.BLUE, Size.LARGE, action, new Vec3(0, 0, 0), Direction.RIGHT);
    }

    @Test
    void everyActionYieldsSeventeenFiniteKeypointsWithRigidBones() {
        for (Action action : Action.values()) {
            Vec3[] rest = Humanoid.keypoints(actor(action), 0);
            for (double t = 0; t < 4; t += 0.05) {
                Vec3[] k = Humanoid.keypoints(actor(action), t);
                assertThat(k).hasSize(17).doesNotContainNull();
                for (Vec3 p : k) {
                    assertThat(Double.isFinite(p.x() + p.y() + p.z())).isTrue();
                    assertThat(p.y()).isGreaterThan(-1e-9);
                }
                // thighs and arms keep their length (inverse kinematics bends, never stretches, the thigh)
                assertThat(k[Humanoid.LEFT_HIP].minus(k[Humanoid.LEFT_KNEE]).length())
                        .isCloseTo(rest[Humanoid.LEFT_HIP].minus(rest[Humanoid.LEFT_KNEE]).length(), within(1e-6));
                assertThat(k[Humanoid.RIGHT_SHOULDER].minus(k[Humanoid.RIGHT_ELBOW]).length())
                        .isCloseTo(Humanoid.UPPER_ARM * 1.1, within(1e-6));
            }
        }
    }

    @Test
    void aWalkingFootStaysPlantedDuringStanceWhileTheBodyAdvances() {
        Actor walker = actor(Action.WALK);
        double dt = 1.0 / 240;
        int plantedSteps = 0;
        double slidingWhilePlanted = 0;
        for (double t = 0; t < 3; t += dt) {
            Vec3 a = Humanoid.keypoints(walker, t)[Humanoid.LEFT_ANKLE];
            Vec3 b = Humanoid.keypoints(walker, t + dt)[Humanoid.LEFT_ANKLE];
            double groundHeight = Humanoid.ANKLE_HEIGHT * walker.size().actorScale();
            if (Math.abs(a.y() - groundHeight) < 1e-9 && Math.abs(b.y() - groundHeight) < 1e-9) {
                plantedSteps++;
                slidingWhilePlanted = Math.max(slidingWhilePlanted, b.minus(a).length());
            }
        }
        assertThat(plantedSteps).isGreaterThan((int) (3 / dt * 0.4));
        assertThat(slidingWhilePlanted).isLessThan(1e-9);
        double travelled = Humanoid.keypoints(walker, 3)[Humanoid.LEFT_HIP].x() - Humanoid.keypoints(walker, 0)[Humanoid.LEFT_HIP].x();
        assertThat(travelled).isCloseTo(Humanoid.WALK_SPEED * 1.1 * 3, within(1e-6));
    }

    @Test
    void wavingRaisesTheRightWristAboveTheShoulder() {
        Vec3[] k = Humanoid.keypoints(actor(Action.WAVE), 0.8);
        assertThat(k[Humanoid.RIGHT_WRIST].y()).isGreaterThan(k[Humanoid.RIGHT_SHOULDER].y());
        assertThat(k[Humanoid.LEFT_WRIST].y()).isLessThan(k[Humanoid.LEFT_SHOULDER].y());
    }

    @Test
    void jumpingLeavesTheGroundAndSittingLowersTheHips() {
        double maxAnkle = 0;
        for (double t = 0; t < 1.2; t += 0.01) {
            maxAnkle = Math.max(maxAnkle, Humanoid.keypoints(actor(Action.JUMP), t)[Humanoid.LEFT_ANKLE].y());
        }
        assertThat(maxAnkle).isGreaterThan(0.3);
        double standingHip = Humanoid.keypoints(actor(Action.STAND), 2)[Humanoid.LEFT_HIP].y();
        double sittingHip = Humanoid.keypoints(actor(Action.SIT), 2)[Humanoid.LEFT_HIP].y();
        assertThat(sittingHip).isLessThan(standingHip * 0.7);
    }

    @Test
    void turningFacesTheOtherWayAfterTwoSeconds() {
        Vec3[] before = Humanoid.keypoints(actor(Action.TURN), 0);
        Vec3[] after = Humanoid.keypoints(actor(Action.TURN), 2.5);
        // facing +x at first, the nose is ahead of the ears; after half a turn it is behind
        assertThat(before[Humanoid.NOSE].x()).isGreaterThan(before[Humanoid.LEFT_EAR].x());
        assertThat(after[Humanoid.NOSE].x()).isLessThan(after[Humanoid.LEFT_EAR].x());
    }
}
