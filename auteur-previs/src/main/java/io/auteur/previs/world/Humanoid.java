package io.auteur.previs.world;

import io.auteur.previs.Action;
import io.auteur.previs.Actor;
import io.auteur.previs.math.Mat4;
import io.auteur.previs.math.Vec3;
import java.util.List;

/**
 * The articulated actor: a skeleton of the 17 COCO keypoints driven by its action, and capsule limbs between them.
 *
 * <p>Walking and running place each foot on the ground for its stance phase and swing it to the next footfall,
 * so feet never slide; knees come from two-bone inverse kinematics between hip and ankle.
 */
public final class Humanoid {
    /** COCO-17 keypoint names in the standard order. */
    public static final List<String> KEYPOINTS = List.of("nose", "left_eye", "right_eye", "left_ear", "right_ear",
            "left_shoulder", "right_shoulder", "left_elbow", "right_elbow", "left_wrist", "right_wrist",
            "left_hip", "right_hip", "left_knee", "right_knee", "left_ankle", "right_ankle");

    public static final int NOSE = 0, LEFT_EYE = 1, RIGHT_EYE = 2, LEFT_EAR = 3, RIGHT_EAR = 4,
            LEFT_SHOULDER = 5, RIGHT_SHOULDER = 6, LEFT_ELBOW = 7, RIGHT_ELBOW = 8, LEFT_WRIST = 9, RIGHT_WRIST = 10,
            LEFT_HIP = 11, RIGHT_HIP = 12, LEFT_KNEE = 13, RIGHT_KNEE = 14, LEFT_ANKLE = 15, RIGHT_ANKLE = 16;

    // Proportions of a 1.75 m adult, metres.
    static final double ANKLE_HEIGHT = 0.08;
    static final double SHIN = 0.44;
    static final double THIGH = 0.45;
    static final double HIP_HALF_WIDTH = 0.10;
    static final double SHOULDER_HEIGHT = 1.42;
    static final double SHOULDER_HALF_WIDTH = 0.19;
    static final double UPPER_ARM = 0.28;
    static final double FOREARM = 0.26;
    static final double HEAD_HEIGHT = 1.62;
    static final double STANDING_HIP = ANKLE_HEIGHT + 0.99 * (SHIN + THIGH);

    /** Walking: speed in m/s and step length in metres (one footfall to the next, either foot). */
    static final double WALK_SPEED = 1.3, WALK_STEP = 0.6;
    static final double RUN_SPEED = 2.8, RUN_STEP = 0.9;

    /** One limb: a capsule from joint a to joint b (or a sphere when a == b), in body or skin colour. */
    public record Limb(int from, int to, double radius, boolean skin) {}

    /** Limbs drawn between keypoints; the torso and head use derived points, see {@link #limbEnds}. */
    public static final List<Limb> LIMBS = List.of(
            new Limb(LEFT_SHOULDER, LEFT_ELBOW, 0.05, false), new Limb(LEFT_ELBOW, LEFT_WRIST, 0.045, false),
            new Limb(RIGHT_SHOULDER, RIGHT_ELBOW, 0.05, false), new Limb(RIGHT_ELBOW, RIGHT_WRIST, 0.045, false),
            new Limb(LEFT_HIP, LEFT_KNEE, 0.07, false), new Limb(LEFT_KNEE, LEFT_ANKLE, 0.055, false),
            new Limb(RIGHT_HIP, RIGHT_KNEE, 0.07, false), new Limb(RIGHT_KNEE, RIGHT_ANKLE, 0.055, false),
            new Limb(LEFT_WRIST, LEFT_WRIST, 0.05, true), new Limb(RIGHT_WRIST, RIGHT_WRIST, 0.05, true));

    private Humanoid() {}

    /** The 17 keypoints in world space at time t. */
    public static Vec3[] keypoints(Actor actor, double t) {
        double s = actor.size().actorScale();
        Vec3 heading = actor.heading().unit();
        Vec3 start = new Vec3(actor.start().x(), 0, actor.start().z());
        Action action = actor.action();
        double yaw = action == Action.TURN ? smoothstep(Math.min(1, t / 2.0)) * Math.PI : 0;
        Vec3 forward = Mat4.rotation(Vec3.UNIT_Y, yaw).transformDirection(heading);
        Vec3 left = Vec3.UNIT_Y.cross(forward);

        Vec3[] k = new Vec3[17];
        double hipHeight = STANDING_HIP;
        Vec3 pelvis = start;
        Vec3 leftAnkle = start.plus(left.times(HIP_HALF_WIDTH * s));
        Vec3 rightAnkle = start.minus(left.times(HIP_HALF_WIDTH * s));
        leftAnkle = leftAnkle.plus(new Vec3(0, ANKLE_HEIGHT * s, 0));
        rightAnkle = rightAnkle.plus(new Vec3(0, ANKLE_HEIGHT * s, 0));
        double armSwing = 0;
        double lean = 0;
        double bob = 0.005 * Math.sin(2 * Math.PI * 0.3 * t);

        switch (action) {
            case WALK, RUN -> {
                boolean run = action == Action.RUN;
                double speed = (run ? RUN_SPEED : WALK_SPEED) * s;
                double step = (run ? RUN_STEP : WALK_STEP) * s;
                double travelled = speed * t;
                pelvis = start.plus(forward.times(travelled));
                double reach = 0.97 * (SHIN + THIGH) * s;
                hipHeight = (ANKLE_HEIGHT * s + Math.sqrt(reach * reach - step * step / 4)) / s;
                leftAnkle = footAt(start, forward, left.times(HIP_HALF_WIDTH * s), travelled, step, 0, s, run);
                rightAnkle = footAt(start, forward, left.times(-HIP_HALF_WIDTH * s), travelled, step, step, s, run);
                double phase = travelled / (2 * step) * 2 * Math.PI;
                armSwing = (run ? 0.7 : 0.35) * Math.sin(phase);
                bob = (run ? 0.04 : 0.015) * Math.abs(Math.sin(phase));
                lean = run ? 0.12 : 0.03;
            }
            case JUMP -> {
                double period = 1.2;
                double u = (t % period) / period;
                double crouch = u < 0.25 ? Math.sin(u / 0.25 * Math.PI) * 0.12 : 0;
                double flightTime = 0.75 * period;
                double air = u >= 0.25 ? (u - 0.25) * period : 0;
                double lift = air > 0 ? Math.max(0, Physics.GRAVITY * flightTime / 2 * air - 0.5 * Physics.GRAVITY * air * air) : 0;
                hipHeight = STANDING_HIP - crouch;
                pelvis = start.plus(new Vec3(0, lift, 0));
                leftAnkle = leftAnkle.plus(new Vec3(0, lift, 0));
                rightAnkle = rightAnkle.plus(new Vec3(0, lift, 0));
                armSwing = u < 0.25 ? -0.5 * crouch / 0.12 : 1.2 * Math.min(1, air / 0.2);
            }
            case SIT -> {
                double u = smoothstep(Math.min(1, t / 1.0));
                double seat = ANKLE_HEIGHT + SHIN + 0.02;
                hipHeight = STANDING_HIP + (seat - STANDING_HIP) * u;
                pelvis = start.minus(forward.times(0.25 * s * u));
                leftAnkle = leftAnkle.plus(forward.times(0.12 * s * u));
                rightAnkle = rightAnkle.plus(forward.times(0.12 * s * u));
                lean = -0.05 * u;
            }
            default -> { }
        }

        Vec3 hipCentre = pelvis.plus(new Vec3(0, (hipHeight + bob) * s, 0));
        Vec3 up = Vec3.UNIT_Y.times(Math.cos(lean)).plus(forward.times(Math.sin(lean)));
        Vec3 neck = hipCentre.plus(up.times((SHOULDER_HEIGHT - STANDING_HIP) * s));
        k[LEFT_HIP] = hipCentre.plus(left.times(HIP_HALF_WIDTH * s));
        k[RIGHT_HIP] = hipCentre.minus(left.times(HIP_HALF_WIDTH * s));
        k[LEFT_SHOULDER] = neck.plus(left.times(SHOULDER_HALF_WIDTH * s));
        k[RIGHT_SHOULDER] = neck.minus(left.times(SHOULDER_HALF_WIDTH * s));
        k[LEFT_ANKLE] = leftAnkle;
        k[RIGHT_ANKLE] = rightAnkle;
        k[LEFT_KNEE] = knee(k[LEFT_HIP], leftAnkle, forward, THIGH * s, SHIN * s);
        k[RIGHT_KNEE] = knee(k[RIGHT_HIP], rightAnkle, forward, THIGH * s, SHIN * s);

        Vec3 head = neck.plus(up.times((HEAD_HEIGHT - SHOULDER_HEIGHT) * s));
        k[NOSE] = head.plus(forward.times(0.10 * s));
        k[LEFT_EYE] = head.plus(forward.times(0.085 * s)).plus(left.times(0.035 * s)).plus(up.times(0.03 * s));
        k[RIGHT_EYE] = head.plus(forward.times(0.085 * s)).minus(left.times(0.035 * s)).plus(up.times(0.03 * s));
        k[LEFT_EAR] = head.plus(left.times(0.08 * s));
        k[RIGHT_EAR] = head.minus(left.times(0.08 * s));

        Vec3 down = up.times(-1);
        if (action == Action.WAVE) {
            // Right arm raised to the side; the forearm swings about the elbow twice a second.
            Vec3 upperDir = down.times(-0.6).minus(left.times(0.8)).normalized();
            k[RIGHT_ELBOW] = k[RIGHT_SHOULDER].plus(upperDir.times(UPPER_ARM * s));
            double swing = 0.45 * Math.sin(2 * Math.PI * 2 * t);
            Vec3 foreDir = up.times(Math.cos(swing)).minus(left.times(Math.sin(swing))).normalized();
            k[RIGHT_WRIST] = k[RIGHT_ELBOW].plus(foreDir.times(FOREARM * s));
            armPair(k, LEFT_SHOULDER, LEFT_ELBOW, LEFT_WRIST, down, forward, left, 0, s);
        } else {
            armPair(k, LEFT_SHOULDER, LEFT_ELBOW, LEFT_WRIST, down, forward, left, -armSwing, s);
            armPair(k, RIGHT_SHOULDER, RIGHT_ELBOW, RIGHT_WRIST, down, forward, left.times(-1), armSwing, s);
        }
        return k;
    }

    /** Points of the torso capsule and the head sphere centre, derived from keypoints. */
    public static Vec3[] limbEnds(Vec3[] k) {
        Vec3 hipCentre = k[LEFT_HIP].lerp(k[RIGHT_HIP], 0.5);
        Vec3 shoulderCentre = k[LEFT_SHOULDER].lerp(k[RIGHT_SHOULDER], 0.5);
        Vec3 head = k[LEFT_EAR].lerp(k[RIGHT_EAR], 0.5);
        return new Vec3[] {hipCentre.lerp(shoulderCentre, 0.1), hipCentre.lerp(shoulderCentre, 0.85), head};
    }

    private static void armPair(Vec3[] k, int shoulder, int elbow, int wrist, Vec3 down, Vec3 forward, Vec3 outward,
                                double swing, double s) {
        Vec3 upperDir = down.times(Math.cos(swing)).plus(forward.times(Math.sin(swing))).plus(outward.times(0.12))
                .normalized();
        k[elbow] = k[shoulder].plus(upperDir.times(UPPER_ARM * s));
        double bend = 0.25 + Math.max(0, swing) * 0.8;
        Vec3 foreDir = down.times(Math.cos(swing + bend)).plus(forward.times(Math.sin(swing + bend))).normalized();
        k[wrist] = k[elbow].plus(foreDir.times(FOREARM * s));
    }

    /**
     * Ankle position for a foot whose footfalls lie every {@code 2 * step} along the path, offset by
     * {@code phaseOffset}: planted while the hips pass within half a step of the footfall, swinging to the next
     * footfall (at twice the body speed, lifted on a sine arc) otherwise.
     */
    private static Vec3 footAt(Vec3 start, Vec3 forward, Vec3 side, double travelled, double step, double phaseOffset,
                               double s, boolean run) {
        double cycle = 2 * step;
        double local = travelled - phaseOffset + step / 2;
        double k = Math.floor(local / cycle);
        double within = local - k * cycle;
        double plant = phaseOffset + k * cycle;
        double along;
        double lift = 0;
        if (within < step) {
            along = plant;
        } else {
            double u = (within - step) / step;
            along = plant + cycle * u;
            lift = (run ? 0.18 : 0.08) * s * Math.sin(Math.PI * u);
        }
        return start.plus(forward.times(along)).plus(side).plus(new Vec3(0, ANKLE_HEIGHT * s + lift, 0));
    }

    /** Two-bone inverse kinematics: the knee bends forward in the plane of hip, ankle and the facing direction. */
    static Vec3 knee(Vec3 hip, Vec3 ankle, Vec3 forward, double thigh, double shin) {
        Vec3 toAnkle = ankle.minus(hip);
        double d = Math.min(toAnkle.length(), (thigh + shin) * 0.9999);
        Vec3 axis = toAnkle.normalized();
        double a = (thigh * thigh - shin * shin + d * d) / (2 * d);
        double h = Math.sqrt(Math.max(0, thigh * thigh - a * a));
        Vec3 bendDir = forward.minus(axis.times(forward.dot(axis)));
        bendDir = bendDir.length() < 1e-9 ? forward : bendDir.normalized();
        return hip.plus(axis.times(a)).plus(bendDir.times(h));
    }

    private static double smoothstep(double u) {
        return u * u * (3 - 2 * u);
    }
}
