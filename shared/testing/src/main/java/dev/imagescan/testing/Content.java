package dev.imagescan.testing;

import java.io.FilterOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.file.Files;
import java.nio.file.Path;

/** Bytes of known length to be written into an archive or a file, possibly produced on the fly. */
interface Content {
    long size();

    void writeTo(OutputStream out) throws IOException;

    static Content of(byte[] bytes) {
        return new Content() {
            @Override
            public long size() {
                return bytes.length;
            }

            @Override
            public void writeTo(OutputStream out) throws IOException {
                out.write(bytes);
            }
        };
    }

    static Content of(Path file) throws IOException {
        long size = Files.size(file);
        return new Content() {
            @Override
            public long size() {
                return size;
            }

            @Override
            public void writeTo(OutputStream out) throws IOException {
                try (InputStream in = Files.newInputStream(file)) {
                    in.transferTo(out);
                }
            }
        };
    }

    static Content streamed(long size, LayerBuilder.DataWriter writer) {
        return new Content() {
            @Override
            public long size() {
                return size;
            }

            @Override
            public void writeTo(OutputStream out) throws IOException {
                writer.writeTo(out);
            }
        };
    }

    /** The first {@code n} bytes of {@code c} (the rest is produced and dropped). */
    static Content truncated(Content c, long n) {
        long size = Math.min(n, c.size());
        return new Content() {
            @Override
            public long size() {
                return size;
            }

            @Override
            public void writeTo(OutputStream out) throws IOException {
                c.writeTo(new FilterOutputStream(out) {
                    long left = size;

                    @Override
                    public void write(int b) throws IOException {
                        if (left > 0) {
                            out.write(b);
                            left--;
                        }
                    }

                    @Override
                    public void write(byte[] b, int off, int len) throws IOException {
                        int k = (int) Math.min(len, left);
                        if (k > 0) {
                            out.write(b, off, k);
                            left -= k;
                        }
                    }

                    @Override
                    public void close() {}
                });
            }
        };
    }
}
