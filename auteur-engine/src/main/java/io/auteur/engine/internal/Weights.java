package io.auteur.engine.internal;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.Shape;
import io.auteur.engine.ModelFormatException;
import java.io.IOException;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.Map;
import java.util.Set;
import java.util.SplittableRandom;
import java.util.function.Predicate;

/**
 * The named parameters of a model, one safetensors entry each. Modules ask for their parameters by name and shape
 * while they are built: a fresh store initialises them (deterministically from a seed, on the JVM, so every
 * device starts from the same numbers), a loaded store hands out what the file holds and reports any name or shape
 * that does not match the config.
 */
public final class Weights {
    /** How a fresh parameter starts. */
    public enum Init { ZEROS, ONES, NORMAL_002, XAVIER }

    private final NDManager manager;
    private final Map<String, NDArray> arrays = new LinkedHashMap<>();
    private final Map<String, Safetensors.Tensor> loaded;
    private final Set<String> requested = new LinkedHashSet<>();
    private final SplittableRandom random;
    private final String source;

    /** Parameters created fresh even from a loaded file. */
    private final Predicate<String> fresh;

    private Weights(NDManager manager, Map<String, Safetensors.Tensor> loaded, long seed, String source,
                    Predicate<String> fresh) {
        this.manager = manager;
        this.loaded = loaded;
        this.random = new SplittableRandom(seed);
        this.source = source;
        this.fresh = fresh;
    }

    public static Weights fresh(NDManager manager, long seed) {
        return new Weights(manager, null, seed, "fresh weights", name -> true);
    }

    public static Weights load(NDManager manager, Path file) throws IOException {
        return new Weights(manager, Safetensors.read(file), 0, file.toString(), name -> false);
    }

    /**
     * The parameters of {@code file}, except those whose names start with {@code freshPrefix}: these are created
     * fresh from {@code seed}, whatever the file holds under that prefix (a part rebuilt at another size).
     */
    public static Weights loadExcept(NDManager manager, Path file, String freshPrefix, long seed) throws IOException {
        Map<String, Safetensors.Tensor> kept = new LinkedHashMap<>(Safetensors.read(file));
        kept.keySet().removeIf(name -> name.startsWith(freshPrefix));
        return new Weights(manager, kept, seed, file.toString(), name -> name.startsWith(freshPrefix));
    }

    /**
     * The parameters of {@code file}, with the table {@code name} [rows, width] grown to {@code rows} rows: its
     * learned rows are kept, and each new one starts as the last learned row plus fresh noise of the
     * {@link Init#NORMAL_002} scale from {@code seed}. For a position table this means a new position starts out
     * read as the farthest one the model knows, and the noise lets training tell the new ones apart.
     */
    public static Weights loadWithRows(NDManager manager, Path file, String name, long rows, long seed)
            throws IOException {
        Map<String, Safetensors.Tensor> tensors = new LinkedHashMap<>(Safetensors.read(file));
        Safetensors.Tensor table = tensors.get(name);
        if (table == null || table.shape().length != 2) {
            throw new ModelFormatException(file + " holds no table " + name + " to grow");
        }
        long learned = table.shape()[0], width = table.shape()[1];
        if (rows < learned) {
            throw new ModelFormatException(name + " has " + learned + " learned rows; it can grow, not shrink to " + rows);
        }
        float[] values = Arrays.copyOf(table.values(), Math.toIntExact(rows * width));
        SplittableRandom random = new SplittableRandom(seed);
        for (long row = learned; row < rows; row++) {
            for (int i = 0; i < width; i++) {
                values[(int) (row * width + i)] = table.values()[(int) ((learned - 1) * width + i)]
                        + (float) (random.nextGaussian() * 0.02);
            }
        }
        tensors.put(name, new Safetensors.Tensor(new long[] {rows, width}, values));
        return new Weights(manager, tensors, seed, file.toString(), n -> false);
    }

    /**
     * Parameters put together from two files: those named {@code fromSecond} come from {@code second}, those
     * {@code fresh} names are created fresh from {@code seed}, every other one comes from {@code first}.
     */
    public static Weights combine(NDManager manager, Path first, Path second, Predicate<String> fromSecond,
                                  Predicate<String> fresh, long seed) throws IOException {
        Map<String, Safetensors.Tensor> kept = new LinkedHashMap<>();
        Safetensors.read(first).forEach((name, tensor) -> {
            if (!fromSecond.test(name) && !fresh.test(name)) {
                kept.put(name, tensor);
            }
        });
        Safetensors.read(second).forEach((name, tensor) -> {
            if (fromSecond.test(name)) {
                kept.put(name, tensor);
            }
        });
        return new Weights(manager, kept, seed, first + " with " + second, fresh);
    }

    /** The parameter {@code name} of {@code shape}: created by {@code init}, or taken from the loaded file. */
    public NDArray parameter(String name, Init init, long... shape) {
        if (!requested.add(name)) {
            throw new IllegalStateException("parameter " + name + " requested twice");
        }
        float[] values;
        if (loaded != null && !fresh.test(name)) {
            Safetensors.Tensor tensor = loaded.get(name);
            if (tensor == null) {
                throw new ModelFormatException(source + " lacks " + name + ": the weights do not match the config");
            }
            if (!Arrays.equals(tensor.shape(), shape)) {
                throw new ModelFormatException(source + ": the weights do not match the config: " + name + " has shape "
                        + Arrays.toString(tensor.shape()) + " but the config needs " + Arrays.toString(shape));
            }
            values = tensor.values();
        } else {
            values = initial(init, shape);
        }
        NDArray array = manager.create(values, new Shape(shape));
        array.setName(name);
        arrays.put(name, array);
        return array;
    }

    /** After every module is built: a loaded file must not hold parameters the config does not use. */
    public void checkAllUsed() {
        if (loaded != null) {
            Set<String> unused = new LinkedHashSet<>(loaded.keySet());
            unused.removeAll(requested);
            if (!unused.isEmpty()) {
                throw new ModelFormatException(source + " holds " + unused.size() + " tensors the config does not use, "
                        + "e.g. " + unused.iterator().next() + ": the weights do not match the config");
            }
        }
    }

    public Map<String, NDArray> arrays() {
        return java.util.Collections.unmodifiableMap(arrays);
    }

    public NDManager manager() {
        return manager;
    }

    public void save(Path file, Map<String, String> metadata) throws IOException {
        Map<String, Safetensors.Tensor> tensors = new LinkedHashMap<>();
        arrays.forEach((name, array) -> tensors.put(name, new Safetensors.Tensor(array.getShape().getShape(),
                array.toFloatArray())));
        Safetensors.write(file, tensors, metadata);
    }

    /** Replaces every value with the one of the same name in {@code values} (shapes must match). */
    public void assign(Map<String, float[]> values) {
        arrays.forEach((name, array) -> {
            float[] v = values.get(name);
            if (v == null || v.length != array.size()) {
                throw new IllegalArgumentException("no values of the right size for " + name);
            }
            array.set(v);
        });
    }

    public Map<String, float[]> snapshot() {
        Map<String, float[]> copy = new LinkedHashMap<>();
        arrays.forEach((name, array) -> copy.put(name, array.toFloatArray()));
        return copy;
    }

    private float[] initial(Init init, long[] shape) {
        long count = 1;
        for (long d : shape) {
            count *= d;
        }
        float[] values = new float[Math.toIntExact(count)];
        switch (init) {
            case ZEROS -> { }
            case ONES -> Arrays.fill(values, 1f);
            case NORMAL_002 -> {
                for (int i = 0; i < values.length; i++) {
                    values[i] = (float) (random.nextGaussian() * 0.02);
                }
            }
            case XAVIER -> {
                // Fan in and out of a [out, in, kernel...] weight (Linear and Conv share the layout).
                long receptive = 1;
                for (int i = 2; i < shape.length; i++) {
                    receptive *= shape[i];
                }
                double fanIn = (shape.length > 1 ? shape[1] : shape[0]) * receptive;
                double fanOut = shape[0] * receptive;
                double bound = Math.sqrt(6.0 / (fanIn + fanOut));
                for (int i = 0; i < values.length; i++) {
                    values[i] = (float) ((random.nextDouble() * 2 - 1) * bound);
                }
            }
        }
        return values;
    }
}
