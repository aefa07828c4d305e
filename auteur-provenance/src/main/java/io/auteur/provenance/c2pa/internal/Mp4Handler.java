package io.auteur.provenance.c2pa.internal;

import io.auteur.media.LimitExceededException;
import io.auteur.media.Limits;
import io.auteur.provenance.c2pa.C2paException;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * MP4 and MOV (ISO BMFF): the manifest store is the payload of a top-level {@code uuid} box with the C2PA extended
 * type, a full box whose payload starts with the purpose "manifest" and an 8-byte Merkle offset. It is placed right
 * after {@code ftyp}, as c2pa-rs does. Every chunk offset (stco, co64) and explicit fragment base offset (tfhd)
 * that moves is patched. The file is streamed: only ftyp, moov and moof boxes are read into memory.
 */
public final class Mp4Handler implements AssetHandler {
    private static final String PURPOSE = "manifest";
    /** Largest moov or moof read into memory to patch offsets. */
    private static final long MAX_METADATA_BOX_BYTES = 256L << 20;
    private static final int MAX_STORE_BYTES = 64 << 20;

    private final String mimeType;

    public Mp4Handler(String mimeType) {
        this.mimeType = mimeType;
    }

    @Override
    public String mimeType() {
        return mimeType;
    }

    @Override
    public Optional<byte[]> readManifestStore(Path file, Limits limits) {
        try (FileChannel channel = FileChannel.open(file, StandardOpenOption.READ)) {
            ByteSource data = ByteSource.of(channel);
            for (BmffIndex.Node box : BmffIndex.scan(data, limits, file.toString())) {
                if (!box.isC2pa()) {
                    continue;
                }
                long at = box.payloadOffset() + 4;
                int purposeMax = (int) Math.min(64, box.end() - at);
                byte[] purposeBytes = data.read(at, purposeMax);
                int nul = 0;
                while (nul < purposeBytes.length && purposeBytes[nul] != 0) {
                    nul++;
                }
                if (nul == purposeBytes.length) {
                    throw new C2paException(file + ": C2PA box at offset " + box.offset() + " has no purpose string");
                }
                String purpose = new String(purposeBytes, 0, nul, StandardCharsets.UTF_8);
                if (!purpose.equals(PURPOSE)) {
                    continue;
                }
                long storeStart = at + nul + 1 + 8;
                long storeLength = box.end() - storeStart;
                if (storeLength < 0) {
                    throw new C2paException(file + ": C2PA box at offset " + box.offset() + " is truncated");
                }
                if (storeLength > MAX_STORE_BYTES) {
                    throw new LimitExceededException(file.toString(), "manifestStoreBytes", MAX_STORE_BYTES, storeLength);
                }
                return Optional.of(data.read(storeStart, (int) storeLength));
            }
            return Optional.empty();
        } catch (IOException e) {
            throw new C2paException(file + ": cannot read (" + e.getMessage() + ")", e);
        }
    }

    /** One piece of the output: a range of the input file or bytes in memory. */
    private sealed interface Part permits FromInput, InMemory {
        long length();
    }

    private record FromInput(long start, long length) implements Part {
    }

    private record InMemory(byte[] bytes) implements Part {
        @Override
        public long length() {
            return bytes.length;
        }
    }

    @Override
    public Embedding prepare(Path file, Limits limits) {
        List<BmffIndex.Node> kept;
        try (FileChannel channel = FileChannel.open(file, StandardOpenOption.READ)) {
            kept = BmffIndex.scan(ByteSource.of(channel), limits, file.toString()).stream()
                    .filter(b -> !b.isC2pa()).toList();
        } catch (IOException e) {
            throw new C2paException(file + ": cannot read (" + e.getMessage() + ")", e);
        }
        if (kept.isEmpty() || !kept.getFirst().type().equals("ftyp")) {
            throw new C2paException(file + ": an MP4 must start with an ftyp box to carry Content Credentials");
        }
        return new Embedding() {
            @Override
            public String bindingLabel() {
                return BmffHash.LABEL;
            }

            @Override
            public Map<String, Object> binding(int storeSize, String algorithm, boolean computeHash) {
                List<Object> exclusions = BmffHash.standardExclusions();
                byte[] hash = new byte[Jumbf.digest(algorithm, new byte[0], 0, 0).length];
                if (computeHash) {
                    try (FileChannel channel = FileChannel.open(file, StandardOpenOption.READ)) {
                        ByteSource input = ByteSource.of(channel);
                        List<Part> parts = layout(input, kept, c2paBox(new byte[storeSize]), limits, file);
                        ByteSource output = asSource(input, parts);
                        List<BmffIndex.Node> top = BmffIndex.scan(output, limits, file + " (signed layout)");
                        hash = BmffHash.compute(output, top, exclusions, algorithm, true);
                    } catch (IOException e) {
                        throw new C2paException(file + ": cannot read (" + e.getMessage() + ")", e);
                    }
                }
                return BmffHash.assertion(exclusions, algorithm, hash);
            }

            @Override
            public void write(byte[] store, Path out) {
                try (FileChannel channel = FileChannel.open(file, StandardOpenOption.READ)) {
                    List<Part> parts = layout(ByteSource.of(channel), kept, c2paBox(store), limits, file);
                    Path parent = out.toAbsolutePath().getParent();
                    Files.createDirectories(parent);
                    Path partial = Files.createTempFile(parent, "." + out.getFileName(), ".partial");
                    try {
                        try (FileChannel target = FileChannel.open(partial, StandardOpenOption.WRITE)) {
                            for (Part part : parts) {
                                switch (part) {
                                    case FromInput in -> {
                                        long done = 0;
                                        while (done < in.length()) {
                                            done += channel.transferTo(in.start() + done, in.length() - done, target);
                                        }
                                    }
                                    case InMemory mem -> {
                                        ByteBuffer buffer = ByteBuffer.wrap(mem.bytes());
                                        while (buffer.hasRemaining()) {
                                            target.write(buffer);
                                        }
                                    }
                                }
                            }
                        }
                        Files.move(partial, out, StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
                    } finally {
                        Files.deleteIfExists(partial);
                    }
                } catch (IOException e) {
                    throw new C2paException(out + ": cannot write (" + e.getMessage() + ")", e);
                }
            }
        };
    }

    /** The C2PA box (a full box: version 0, flags 0, purpose, Merkle offset 0, then the store). */
    static byte[] c2paBox(byte[] store) {
        byte[] purpose = (PURPOSE + "\0").getBytes(StandardCharsets.US_ASCII);
        long size = 8L + 16 + 4 + purpose.length + 8 + store.length;
        if (size > 0xFFFF_FFFFL) {
            throw new C2paException("manifest store of " + store.length + " bytes is too large for a C2PA box");
        }
        ByteBuffer box = ByteBuffer.allocate((int) size);
        box.putInt((int) size).put("uuid".getBytes(StandardCharsets.US_ASCII)).put(BmffIndex.C2PA_UUID)
                .putInt(0).put(purpose).putLong(0).put(store);
        return box.array();
    }

    /**
     * The output: ftyp, the C2PA box, then every other kept box, with moov and moof boxes rewritten so their
     * absolute offsets point where their targets now lie.
     */
    private static List<Part> layout(ByteSource input, List<BmffIndex.Node> kept, byte[] c2paBox, Limits limits,
                                     Path file) {
        long[] newStarts = new long[kept.size()];
        long position = 0;
        for (int i = 0; i < kept.size(); i++) {
            newStarts[i] = position;
            position += kept.get(i).size();
            if (i == 0) {
                position += c2paBox.length;
            }
        }
        List<Part> parts = new ArrayList<>();
        for (int i = 0; i < kept.size(); i++) {
            BmffIndex.Node box = kept.get(i);
            if (box.type().equals("moov") || box.type().equals("moof")) {
                if (box.size() > MAX_METADATA_BOX_BYTES) {
                    throw new LimitExceededException(file.toString(), box.type() + "SizeBytes",
                            MAX_METADATA_BOX_BYTES, box.size());
                }
                byte[] bytes = input.read(box.offset(), (int) box.size());
                patchOffsets(bytes, kept, newStarts, limits, file);
                parts.add(new InMemory(bytes));
            } else {
                parts.add(new FromInput(box.offset(), box.size()));
            }
            if (i == 0) {
                parts.add(new InMemory(c2paBox));
            }
        }
        return parts;
    }

    private static long relocate(long offset, List<BmffIndex.Node> kept, long[] newStarts) {
        for (int i = 0; i < kept.size(); i++) {
            BmffIndex.Node box = kept.get(i);
            if (offset >= box.offset() && offset < box.end()) {
                return offset - box.offset() + newStarts[i];
            }
        }
        return offset;
    }

    private static void patchOffsets(byte[] bytes, List<BmffIndex.Node> kept, long[] newStarts, Limits limits, Path file) {
        ByteBuffer buffer = ByteBuffer.wrap(bytes);
        List<BmffIndex.Node> tree = BmffIndex.flatten(BmffIndex.scanTree(ByteSource.of(bytes), limits, file.toString()));
        for (BmffIndex.Node box : tree) {
            int payload = (int) box.payloadOffset();
            switch (box.type()) {
                case "stco", "co64" -> {
                    int entrySize = box.type().equals("stco") ? 4 : 8;
                    long entries = Integer.toUnsignedLong(buffer.getInt(payload + 4));
                    if (8 + entries * entrySize > box.size() - box.headerSize()) {
                        throw new C2paException(file + ": " + box.type() + " box at offset " + box.offset()
                                + " declares more entries than it holds");
                    }
                    for (int e = 0; e < entries; e++) {
                        int at = payload + 8 + e * entrySize;
                        if (entrySize == 4) {
                            long moved = relocate(Integer.toUnsignedLong(buffer.getInt(at)), kept, newStarts);
                            if (moved > 0xFFFF_FFFFL) {
                                throw new C2paException(file + ": a chunk offset no longer fits stco after adding "
                                        + "the manifest; the file needs co64");
                            }
                            buffer.putInt(at, (int) moved);
                        } else {
                            buffer.putLong(at, relocate(buffer.getLong(at), kept, newStarts));
                        }
                    }
                }
                case "tfhd" -> {
                    if ((buffer.getInt(payload) & 0x1) != 0 && box.size() - box.headerSize() >= 16) {
                        buffer.putLong(payload + 8, relocate(buffer.getLong(payload + 8), kept, newStarts));
                    }
                }
                default -> {
                }
            }
        }
    }

    private static ByteSource asSource(ByteSource input, List<Part> parts) {
        List<ByteSource> sources = new ArrayList<>();
        for (Part part : parts) {
            sources.add(switch (part) {
                case FromInput in -> ByteSource.slice(input, in.start(), in.length());
                case InMemory mem -> ByteSource.of(mem.bytes());
            });
        }
        return ByteSource.concat(sources);
    }
}
