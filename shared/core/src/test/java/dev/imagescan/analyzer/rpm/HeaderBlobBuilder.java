package dev.imagescan.analyzer.rpm;

import java.io.ByteArrayOutputStream;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;

/** Builds rpm header blobs (index count, data length, entries, data store; big-endian) for parser tests. */
final class HeaderBlobBuilder {

    private final List<int[]> entries = new ArrayList<>();
    private final ByteArrayOutputStream data = new ByteArrayOutputStream();

    HeaderBlobBuilder string(int tag, String value) {
        return strings(tag, RpmHeaderParser.TYPE_STRING, value);
    }

    HeaderBlobBuilder strings(int tag, int type, String... values) {
        int offset = data.size();
        for (String value : values) {
            data.writeBytes(value.getBytes(StandardCharsets.UTF_8));
            data.write(0);
        }
        return entry(tag, type, offset, values.length);
    }

    HeaderBlobBuilder int32(int tag, int value) {
        while (data.size() % 4 != 0) {
            data.write(0);
        }
        int offset = data.size();
        data.writeBytes(ByteBuffer.allocate(4).putInt(value).array());
        return entry(tag, RpmHeaderParser.TYPE_INT32, offset, 1);
    }

    HeaderBlobBuilder int32s(int tag, int... values) {
        while (data.size() % 4 != 0) {
            data.write(0);
        }
        int offset = data.size();
        for (int value : values) {
            data.writeBytes(ByteBuffer.allocate(4).putInt(value).array());
        }
        return entry(tag, RpmHeaderParser.TYPE_INT32, offset, values.length);
    }

    HeaderBlobBuilder raw(byte[] bytes) {
        data.writeBytes(bytes);
        return this;
    }

    HeaderBlobBuilder entry(int tag, int type, int offset, int count) {
        entries.add(new int[] {tag, type, offset, count});
        return this;
    }

    HeaderBlobBuilder nevr(String name, String version, String release) {
        return string(RpmHeaderParser.TAG_NAME, name).string(RpmHeaderParser.TAG_VERSION, version)
                .string(RpmHeaderParser.TAG_RELEASE, release);
    }

    int dataSize() {
        return data.size();
    }

    byte[] build() {
        ByteBuffer out = ByteBuffer.allocate(8 + 16 * entries.size() + data.size());
        out.putInt(entries.size()).putInt(data.size());
        for (int[] e : entries) {
            out.putInt(e[0]).putInt(e[1]).putInt(e[2]).putInt(e[3]);
        }
        out.put(data.toByteArray());
        return out.array();
    }
}
