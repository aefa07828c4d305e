package io.auteur.provenance.c2pa.internal;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.util.List;

/**
 * Random access to bytes that need not be in memory: a file, an array, or a concatenation of both (the layout of
 * a file about to be written). Hashing and box scanning read through this, so a large video is never loaded whole.
 */
public interface ByteSource {
    long length();

    /** Reads exactly {@code length} bytes at {@code position} into {@code into[offset...]}. */
    void read(long position, byte[] into, int offset, int length);

    default byte[] read(long position, int length) {
        byte[] out = new byte[length];
        read(position, out, 0, length);
        return out;
    }

    static ByteSource of(byte[] data) {
        return new ByteSource() {
            @Override
            public long length() {
                return data.length;
            }

            @Override
            public void read(long position, byte[] into, int offset, int length) {
                if (position < 0 || position + length > data.length) {
                    throw new IndexOutOfBoundsException("read of " + length + " at " + position + " past " + data.length);
                }
                System.arraycopy(data, (int) position, into, offset, length);
            }
        };
    }

    /** The file's bytes; the channel stays owned by the caller. */
    static ByteSource of(FileChannel channel) {
        long size;
        try {
            size = channel.size();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return new ByteSource() {
            @Override
            public long length() {
                return size;
            }

            @Override
            public void read(long position, byte[] into, int offset, int length) {
                if (position < 0 || position + length > size) {
                    throw new IndexOutOfBoundsException("read of " + length + " at " + position + " past " + size);
                }
                ByteBuffer buffer = ByteBuffer.wrap(into, offset, length);
                try {
                    long at = position;
                    while (buffer.hasRemaining()) {
                        int n = channel.read(buffer, at);
                        if (n < 0) {
                            throw new IOException("unexpected end of file at " + at);
                        }
                        at += n;
                    }
                } catch (IOException e) {
                    throw new UncheckedIOException(e);
                }
            }
        };
    }

    /** {@code length} bytes of {@code source} starting at {@code start}. */
    static ByteSource slice(ByteSource source, long start, long length) {
        if (start < 0 || length < 0 || start + length > source.length()) {
            throw new IndexOutOfBoundsException("slice " + start + "+" + length + " of " + source.length());
        }
        return new ByteSource() {
            @Override
            public long length() {
                return length;
            }

            @Override
            public void read(long position, byte[] into, int offset, int count) {
                if (position < 0 || position + count > length) {
                    throw new IndexOutOfBoundsException("read of " + count + " at " + position + " past " + length);
                }
                source.read(start + position, into, offset, count);
            }
        };
    }

    /** The parts one after another. */
    static ByteSource concat(List<ByteSource> parts) {
        List<ByteSource> copy = List.copyOf(parts);
        long[] starts = new long[copy.size() + 1];
        for (int i = 0; i < copy.size(); i++) {
            starts[i + 1] = starts[i] + copy.get(i).length();
        }
        return new ByteSource() {
            @Override
            public long length() {
                return starts[copy.size()];
            }

            @Override
            public void read(long position, byte[] into, int offset, int length) {
                if (position < 0 || position + length > length()) {
                    throw new IndexOutOfBoundsException("read of " + length + " at " + position + " past " + length());
                }
                int part = 0;
                while (starts[part + 1] <= position && part < copy.size() - 1) {
                    part++;
                }
                long at = position;
                int done = 0;
                while (done < length) {
                    while (starts[part + 1] <= at) {
                        part++;
                    }
                    int n = (int) Math.min(length - done, starts[part + 1] - at);
                    copy.get(part).read(at - starts[part], into, offset + done, n);
                    done += n;
                    at += n;
                }
            }
        };
    }
}
