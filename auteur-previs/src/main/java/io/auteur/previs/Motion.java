package io.auteur.previs;

import com.fasterxml.jackson.annotation.JsonSubTypes;
import com.fasterxml.jackson.annotation.JsonTypeInfo;

/**
 * What an object does over a shot. Physical motions (bounce, roll, fall) are simulated by
 * {@code io.auteur.previs.world.Physics}; the rest are kinematic.
 */
@JsonTypeInfo(use = JsonTypeInfo.Id.NAME, property = "kind")
@JsonSubTypes({
    @JsonSubTypes.Type(value = Motion.Still.class, name = "still"),
    @JsonSubTypes.Type(value = Motion.Move.class, name = "move"),
    @JsonSubTypes.Type(value = Motion.Bounce.class, name = "bounce"),
    @JsonSubTypes.Type(value = Motion.Roll.class, name = "roll"),
    @JsonSubTypes.Type(value = Motion.Fall.class, name = "fall"),
    @JsonSubTypes.Type(value = Motion.Spin.class, name = "spin"),
    @JsonSubTypes.Type(value = Motion.Orbit.class, name = "orbit")})
public sealed interface Motion {
    /** Stays where it is. */
    record Still() implements Motion {}

    /** Slides along the ground at constant speed (m/s). */
    record Move(Direction direction, double speed) implements Motion {
        public Move {
            requireSpeed(speed);
        }
    }

    /**
     * Dropped from {@code dropHeight} metres (bottom above the ground), bouncing under gravity with the given
     * coefficient of restitution, drifting horizontally at {@code speed} (m/s) in {@code direction}.
     */
    record Bounce(Direction direction, double speed, double dropHeight, double restitution) implements Motion {
        public Bounce {
            requireSpeed(speed);
            if (!(dropHeight > 0 && dropHeight <= 10)) {
                throw new IllegalArgumentException("bounce dropHeight must lie in (0, 10] m, was " + dropHeight);
            }
            if (!(restitution > 0 && restitution < 1)) {
                throw new IllegalArgumentException("bounce restitution must lie in (0, 1), was " + restitution);
            }
        }
    }

    /** Rolls without slipping: rotation angle = distance / radius. */
    record Roll(Direction direction, double speed) implements Motion {
        public Roll {
            requireSpeed(speed);
        }
    }

    /** Falls from {@code height} metres under gravity and comes to rest on the ground. */
    record Fall(double height) implements Motion {
        public Fall {
            if (!(height > 0 && height <= 10)) {
                throw new IllegalArgumentException("fall height must lie in (0, 10] m, was " + height);
            }
        }
    }

    /** Spins in place about the vertical axis, in degrees per second. */
    record Spin(double degreesPerSecond) implements Motion {
        public Spin {
            if (!(Math.abs(degreesPerSecond) <= 1440)) {
                throw new IllegalArgumentException("spin rate must be at most 1440 deg/s, was " + degreesPerSecond);
            }
        }
    }

    /** Circles the scene origin at its starting distance, in degrees per second (counter-clockwise from above). */
    record Orbit(double degreesPerSecond) implements Motion {
        public Orbit {
            if (!(Math.abs(degreesPerSecond) <= 720)) {
                throw new IllegalArgumentException("orbit rate must be at most 720 deg/s, was " + degreesPerSecond);
            }
        }
    }

    private static void requireSpeed(double speed) {
        if (!(speed >= 0 && speed <= 20)) {
            throw new IllegalArgumentException("speed must lie in [0, 20] m/s, was " + speed);
        }
    }
}
