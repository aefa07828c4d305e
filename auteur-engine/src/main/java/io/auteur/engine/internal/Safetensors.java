package io.auteur.engine.internal;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.auteur.engine.ModelFormatException;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * The safetensors format (huggingface/safetensors): an 8-byte little-endian header length, a JSON header naming
 * each tensor's dtype, shape and byte range, then the raw little-endian data. Only F32 is written or read: every
 * Auteur weight is fp32 at rest. Reading is bounded: the header, the tensor count and every range are checked
 * against the file before anything is allocated.
 */
public final class Safetensors {
    public static final long MAX_HEADER_BYTES = 16L << 20;
    public static final int MAX_TENSORS = 100_000;
    public static final int MAX_RANK = 8;
    private static final ObjectMapper JSON = new ObjectMapper();

    /** One tensor: its shape and values in row-major order. */
    public record Tensor(long[] shape, float[] values) {
        public Tensor {
            long count = 1;
            for (long d : shape) {
                count *= d;
            }
            if (count != values.length) {
                throw new IllegalArgumentException("tensor of shape " + java.util.Arrays.toString(shape) + " needs "
                        + count + " values, has " + values.length);
            }
        }
    }

    private Safetensors() {}

    public static void write(Path file, Map<String, Tensor> tensors, Map<String, String> metadata) throws IOException {
        ObjectNode header = JSON.createObjectNode();
        if (!metadata.isEmpty()) {
            ObjectNode meta = header.putObject("__metadata__");
            metadata.forEach(meta::put);
        }
        long offset = 0;
        for (Map.Entry<String, Tensor> entry : tensors.entrySet()) {
            ObjectNode node = header.putObject(entry.getKey());
            node.put("dtype", "F32");
            var shape = node.putArray("shape");
            for (long d : entry.getValue().shape()) {
                shape.add(d);
            }
            long bytes = entry.getValue().values().length * 4L;
            node.putArray("data_offsets").add(offset).add(offset + bytes);
            offset += bytes;
        }
        byte[] headerBytes = JSON.writeValueAsBytes(header);
        // The specification pads the header with spaces so the data starts 8-byte aligned.
        int padded = (headerBytes.length + 7) / 8 * 8;
        Path partial = file.resolveSibling(file.getFileName() + ".partial");
        try (OutputStream out = new java.io.BufferedOutputStream(Files.newOutputStream(partial), 1 << 20)) {
            ByteBuffer length = ByteBuffer.allocate(8).order(ByteOrder.LITTLE_ENDIAN).putLong(padded);
            out.write(length.array());
            out.write(headerBytes);
            for (int i = headerBytes.length; i < padded; i++) {
                out.write(' ');
            }
            for (Tensor tensor : tensors.values()) {
                ByteBuffer data = ByteBuffer.allocate(tensor.values().length * 4).order(ByteOrder.LITTLE_ENDIAN);
                data.asFloatBuffer().put(tensor.values());
                out.write(data.array());
            }
        }
        Files.move(partial, file, java.nio.file.StandardCopyOption.REPLACE_EXISTING,
                java.nio.file.StandardCopyOption.ATOMIC_MOVE);
    }

    public static Map<String, Tensor> read(Path file) throws IOException {
        if (!Files.isRegularFile(file)) {
            throw new ModelFormatException(file + ": no such weights file");
        }
        long size = Files.size(file);
        try (InputStream in = new java.io.BufferedInputStream(Files.newInputStream(file), 1 << 20)) {
            byte[] lengthBytes = in.readNBytes(8);
            if (lengthBytes.length < 8) {
                throw new ModelFormatException(file + ": truncated safetensors file (" + size + " bytes)");
            }
            long headerLength = ByteBuffer.wrap(lengthBytes).order(ByteOrder.LITTLE_ENDIAN).getLong();
            if (headerLength < 2 || headerLength > MAX_HEADER_BYTES || 8 + headerLength > size) {
                throw new ModelFormatException(file + ": safetensors header length " + headerLength
                        + " is outside [2, " + Math.min(MAX_HEADER_BYTES, size - 8) + "]");
            }
            JsonNode header;
            try {
                header = JSON.readTree(in.readNBytes((int) headerLength));
            } catch (IOException e) {
                throw new ModelFormatException(file + ": safetensors header is not JSON: " + e.getMessage());
            }
            if (header == null || !header.isObject() || header.size() > MAX_TENSORS) {
                throw new ModelFormatException(file + ": safetensors header must be an object of at most "
                        + MAX_TENSORS + " tensors");
            }
            long dataBytes = size - 8 - headerLength;
            Map<String, long[]> ranges = new LinkedHashMap<>();
            Map<String, long[]> shapes = new LinkedHashMap<>();
            long expected = 0;
            for (var it = header.fields(); it.hasNext(); ) {
                var entry = it.next();
                if (entry.getKey().equals("__metadata__")) {
                    continue;
                }
                JsonNode node = entry.getValue();
                String name = entry.getKey();
                if (!"F32".equals(node.path("dtype").asText())) {
                    throw new ModelFormatException(file + ": tensor " + name + " has dtype "
                            + node.path("dtype").asText("(none)") + "; only F32 is supported");
                }
                JsonNode shapeNode = node.path("shape");
                JsonNode offsets = node.path("data_offsets");
                if (!shapeNode.isArray() || shapeNode.size() > MAX_RANK || !offsets.isArray() || offsets.size() != 2) {
                    throw new ModelFormatException(file + ": tensor " + name + " has a malformed shape or offsets");
                }
                long[] shape = new long[shapeNode.size()];
                long count = 1;
                for (int i = 0; i < shape.length; i++) {
                    shape[i] = shapeNode.get(i).asLong(-1);
                    if (shape[i] < 0 || shape[i] > Integer.MAX_VALUE) {
                        throw new ModelFormatException(file + ": tensor " + name + " has dimension " + shape[i]);
                    }
                    count = Math.multiplyExact(count, Math.max(1, shape[i])) * (shape[i] == 0 ? 0 : 1);
                }
                long begin = offsets.get(0).asLong(-1), end = offsets.get(1).asLong(-1);
                if (begin != expected || end - begin != count * 4 || end > dataBytes) {
                    throw new ModelFormatException(file + ": tensor " + name + " has byte range [" + begin + ", "
                            + end + ") that does not fit its shape or the file (" + dataBytes + " data bytes)"
                            + (end > dataBytes ? ": the file is truncated" : ""));
                }
                expected = end;
                ranges.put(name, new long[] {begin, end});
                shapes.put(name, shape);
            }
            Map<String, Tensor> tensors = new LinkedHashMap<>();
            for (String name : ranges.keySet()) {
                long[] range = ranges.get(name);
                byte[] bytes = in.readNBytes((int) (range[1] - range[0]));
                if (bytes.length != range[1] - range[0]) {
                    throw new ModelFormatException(file + ": truncated while reading tensor " + name);
                }
                float[] values = new float[bytes.length / 4];
                ByteBuffer.wrap(bytes).order(ByteOrder.LITTLE_ENDIAN).asFloatBuffer().get(values);
                tensors.put(name, new Tensor(shapes.get(name), values));
            }
            return tensors;
        }
    }
}
