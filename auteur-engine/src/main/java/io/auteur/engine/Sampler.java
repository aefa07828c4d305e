package io.auteur.engine;

import ai.djl.ndarray.NDArray;

/**
 * A flow-matching sampler: it lists the times to visit and takes one step from one to the next. It knows nothing
 * of the network: the velocity is a function handed in.
 */
public sealed interface Sampler permits Sampler.Euler, Sampler.Heun {
    /** The velocity field to integrate: v(x, t). */
    @FunctionalInterface
    interface Velocity {
        NDArray at(NDArray x, float t);
    }

    /** Times from 1 (pure noise) down to 0 (the picture), {@code steps + 1} of them, shifted towards high noise. */
    default float[] timesteps(int steps) {
        if (steps < 1 || steps > 1000) {
            throw new GenerationException("steps must be in [1, 1000], was " + steps);
        }
        float[] t = new float[steps + 1];
        for (int i = 0; i <= steps; i++) {
            double linear = 1.0 - (double) i / steps;
            // Shift 3 (as SD3 and Wan do for video) spends more steps at high noise, where layout is decided.
            t[i] = (float) shifted(linear, SHIFT);
        }
        return t;
    }

    /** Time {@code t} moved towards noise by {@code shift}: s t / (1 + (s - 1) t); shift 1 leaves it. */
    static double shifted(double t, double shift) {
        return shift * t / (1 + (shift - 1) * t);
    }

    double SHIFT = 3.0;

    /** One step from time {@code t} to {@code next} (< t). */
    NDArray step(Velocity velocity, NDArray x, float t, float next);

    static Sampler named(String name) {
        return switch (name.toLowerCase(java.util.Locale.ROOT)) {
            case "euler" -> new Euler();
            case "heun" -> new Heun();
            default -> throw new GenerationException("unknown sampler '" + name + "'; known: euler, heun");
        };
    }

    /** First order: x + (next - t) v(x, t). */
    record Euler() implements Sampler {
        @Override
        public NDArray step(Velocity velocity, NDArray x, float t, float next) {
            return x.add(velocity.at(x, t).mul(next - t));
        }
    }

    /** Second order (Heun's method): average the slopes at both ends; the last step to t = 0 is an Euler step. */
    record Heun() implements Sampler {
        @Override
        public NDArray step(Velocity velocity, NDArray x, float t, float next) {
            NDArray v = velocity.at(x, t);
            NDArray predicted = x.add(v.mul(next - t));
            if (next <= 0f) {
                return predicted;
            }
            NDArray v2 = velocity.at(predicted, next);
            return x.add(v.add(v2).mul(0.5f * (next - t)));
        }
    }
}
