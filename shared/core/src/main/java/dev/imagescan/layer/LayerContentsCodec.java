package dev.imagescan.layer;

import dev.imagescan.common.ScratchSpace;
import dev.imagescan.image.LayerDescriptor;
import java.io.BufferedInputStream;
import java.io.BufferedOutputStream;
import java.io.DataInputStream;
import java.io.DataOutputStream;
import java.io.EOFException;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.ByteBuffer;
import java.nio.CharBuffer;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.IdentityHashMap;
import java.util.List;
import java.util.Map;
import java.util.zip.CRC32C;
import java.util.zip.CheckedInputStream;
import java.util.zip.CheckedOutputStream;

/**
 * Writes a {@link LayerContents} to a stream and reads it back exactly: kept files with their bytes, links,
 * directories, other entries, whiteouts, opaque directories, the requests learnt from links, and the member index.
 * The format is documented in {@code docs/layer-cache.md}: a header (magic {@code ISLC}, version, diffID, analyzer
 * key), tagged records, an end tag, and a CRC-32C of everything before it. Large files are streamed both ways (spooled
 * to the scratch space when read back), never held whole in memory. Reading checks everything and throws a
 * {@link CacheEntryException} for an entry it cannot trust; nothing is returned from a partial entry.
 */
public final class LayerContentsCodec {
    /** The format version written and the only one read. */
    public static final int VERSION = 1;

    static final byte[] MAGIC = {'I', 'S', 'L', 'C'};
    static final int MAX_STRING_BYTES = 1 << 20;

    static final int END = 0;
    static final int FILE = 1;
    static final int SAME_FILE = 2;
    static final int SYMLINK = 3;
    static final int HARDLINK = 4;
    static final int DIRECTORY = 5;
    static final int OTHER = 6;
    static final int WHITEOUT = 7;
    static final int OPAQUE = 8;
    static final int LEARNT_FILE = 9;
    static final int LEARNT_FILES_IN = 10;
    static final int MEMBERS = 11;

    private static final int BUFFER = 64 * 1024;

    private final List<FileRequest> requests;
    private final ScratchSpace scratch;
    private final long inMemoryBytes;

    /**
     * A codec for one scan: {@code requests} are the scan's file requests (a learnt directory request is written as
     * the one whose name filter it carries), {@code scratch} receives files over {@code inMemoryBytes} when read back.
     */
    public LayerContentsCodec(List<FileRequest> requests, ScratchSpace scratch, long inMemoryBytes) {
        this.requests = List.copyOf(requests);
        this.scratch = scratch;
        this.inMemoryBytes = inMemoryBytes;
    }

    // ---------------------------------------------------------------- writing

    /** Writes {@code contents} as the entry for its layer's diffID and {@code analyzerKey}; does not close the sink. */
    public void write(LayerContents contents, String analyzerKey, OutputStream sink) throws IOException {
        BufferedOutputStream buffered = new BufferedOutputStream(sink, BUFFER);
        CheckedOutputStream checked = new CheckedOutputStream(buffered, new CRC32C());
        DataOutputStream out = new DataOutputStream(checked);
        out.write(MAGIC);
        out.writeShort(VERSION);
        writeString(out, contents.layer().diffId().toString());
        writeString(out, analyzerKey);
        Map<LayerEntry.File, String> written = new IdentityHashMap<>();
        for (Map.Entry<String, LayerEntry> e : contents.entries().entrySet()) {
            writeEntry(out, e.getKey(), e.getValue(), written);
        }
        for (String path : contents.whiteouts()) {
            out.writeByte(WHITEOUT);
            writeString(out, path);
        }
        for (String dir : contents.opaqueDirs()) {
            out.writeByte(OPAQUE);
            writeString(out, dir);
        }
        for (WantedPaths.Learnt learnt : contents.learnt()) {
            writeLearnt(out, learnt.request());
        }
        long[] hashes = contents.members().hashes();
        out.writeByte(MEMBERS);
        out.writeInt(hashes.length);
        for (long h : hashes) {
            out.writeLong(h);
        }
        out.writeByte(END);
        out.flush();
        new DataOutputStream(buffered).writeInt((int) checked.getChecksum().getValue());
        buffered.flush();
    }

    private void writeEntry(DataOutputStream out, String path, LayerEntry entry, Map<LayerEntry.File, String> written)
            throws IOException {
        if (entry instanceof LayerEntry.File file) {
            String first = written.putIfAbsent(file, path);
            if (first != null) {
                out.writeByte(SAME_FILE);
                writeString(out, path);
                writeString(out, first);
                return;
            }
            out.writeByte(FILE);
            writeString(out, path);
            writeContent(out, file.content(), path);
        } else if (entry instanceof LayerEntry.Symlink link) {
            out.writeByte(SYMLINK);
            writeString(out, path);
            writeString(out, link.target());
            writeString(out, link.resolved());
        } else if (entry instanceof LayerEntry.Hardlink link) {
            out.writeByte(HARDLINK);
            writeString(out, path);
            writeString(out, link.target());
        } else if (entry instanceof LayerEntry.Directory) {
            out.writeByte(DIRECTORY);
            writeString(out, path);
        } else {
            out.writeByte(OTHER);
            writeString(out, path);
        }
    }

    private static void writeContent(DataOutputStream out, CapturedFile content, String path) throws IOException {
        long size = content.size();
        out.writeLong(size);
        long copied;
        try (InputStream in = content.open()) {
            copied = in.transferTo(out);
        }
        if (copied != size) {
            throw new CacheEntryException("/" + path + " changed while it was written: " + copied + " bytes, not " + size);
        }
    }

    private void writeLearnt(DataOutputStream out, FileRequest request) throws IOException {
        if (!request.isDirectory()) {
            out.writeByte(LEARNT_FILE);
            writeString(out, request.path());
            out.writeLong(request.maxBytes());
            return;
        }
        FileRequest origin = requests.stream()
                .filter(r -> r.isDirectory() && r.names() == request.names())
                .findFirst()
                .orElseThrow(() -> new CacheEntryException("learnt request for /" + request.path()
                        + " filters names as no request of the scan does"));
        out.writeByte(LEARNT_FILES_IN);
        writeString(out, request.path());
        writeString(out, origin.path());
        out.writeLong(request.maxBytes());
    }

    private static void writeString(DataOutputStream out, String s) throws IOException {
        ByteBuffer encoded;
        try {
            encoded = StandardCharsets.UTF_8.newEncoder().encode(CharBuffer.wrap(s));
        } catch (CharacterCodingException e) {
            throw new CacheEntryException("a path is not valid Unicode and cannot be written exactly", e);
        }
        if (encoded.remaining() > MAX_STRING_BYTES) {
            throw new CacheEntryException("a path of " + encoded.remaining() + " bytes is longer than an entry allows");
        }
        out.writeInt(encoded.remaining());
        out.write(encoded.array(), encoded.arrayOffset() + encoded.position(), encoded.remaining());
    }

    // ---------------------------------------------------------------- reading

    /**
     * Reads the entry in {@code source} as the contents of {@code layer}: it must have been written for that layer's
     * diffID and for {@code analyzerKey}, in this version, intact, and end where its checksum says. Files over the
     * in-memory size are spooled to the scratch space (and deleted again if the entry turns out bad). Does not close
     * the source.
     */
    public LayerContents read(InputStream source, LayerDescriptor layer, String analyzerKey) throws CacheEntryException {
        List<Path> spooled = new ArrayList<>();
        try {
            return readChecked(source, layer, analyzerKey, spooled);
        } catch (CacheEntryException e) {
            deleteAll(spooled);
            throw e;
        } catch (EOFException e) {
            deleteAll(spooled);
            throw new CacheEntryException("truncated entry", e);
        } catch (IOException | RuntimeException e) {
            deleteAll(spooled);
            throw new CacheEntryException("unreadable entry (" + e.getMessage() + ")", e);
        }
    }

    private LayerContents readChecked(InputStream source, LayerDescriptor layer, String analyzerKey, List<Path> spooled)
            throws IOException {
        BufferedInputStream buffered = new BufferedInputStream(source, BUFFER);
        CheckedInputStream checked = new CheckedInputStream(buffered, new CRC32C());
        DataInputStream in = new DataInputStream(checked);
        byte[] magic = in.readNBytes(MAGIC.length);
        if (!Arrays.equals(magic, MAGIC)) {
            throw new CacheEntryException("not a layer cache entry (no ISLC magic)");
        }
        int version = in.readUnsignedShort();
        if (version != VERSION) {
            throw new CacheEntryException("format version " + version + ", this scanner reads " + VERSION);
        }
        String diffId = readString(in);
        if (!diffId.equals(layer.diffId().toString())) {
            throw new CacheEntryException("entry of layer " + diffId + ", not " + layer.diffId());
        }
        String key = readString(in);
        if (!key.equals(analyzerKey)) {
            throw new CacheEntryException("entry for analyzer key " + key + ", not " + analyzerKey);
        }
        LayerContents contents = new LayerContents(layer);
        List<WantedPaths.Learnt> learnt = new ArrayList<>();
        boolean members = false;
        for (int tag = in.readUnsignedByte(); tag != END; tag = in.readUnsignedByte()) {
            switch (tag) {
                case FILE -> {
                    String path = readString(in);
                    contents.put(path, new LayerEntry.File(readContent(in, spooled)));
                }
                case SAME_FILE -> {
                    String path = readString(in);
                    String first = readString(in);
                    if (!(contents.entries().get(first) instanceof LayerEntry.File file)) {
                        throw new CacheEntryException("/" + path + " names /" + first + " as its file, which is not one");
                    }
                    contents.put(path, file);
                }
                case SYMLINK -> {
                    String path = readString(in);
                    String target = readString(in);
                    String resolved = readString(in);
                    contents.put(path, new LayerEntry.Symlink(target, resolved));
                }
                case HARDLINK -> {
                    String path = readString(in);
                    String target = readString(in);
                    contents.put(path, new LayerEntry.Hardlink(target));
                }
                case DIRECTORY -> contents.put(readString(in), new LayerEntry.Directory());
                case OTHER -> contents.put(readString(in), new LayerEntry.Other());
                case WHITEOUT -> contents.whiteout(readString(in));
                case OPAQUE -> contents.opaque(readString(in));
                case LEARNT_FILE -> {
                    String path = readString(in);
                    long maxBytes = in.readLong();
                    learnt.add(new WantedPaths.Learnt(FileRequest.file(path, maxBytes), layer.index()));
                }
                case LEARNT_FILES_IN -> learnt.add(new WantedPaths.Learnt(readFilesIn(in), layer.index()));
                case MEMBERS -> {
                    readMembers(in, contents.members());
                    members = true;
                }
                default -> throw new CacheEntryException("unknown record tag " + tag);
            }
        }
        if (!members) {
            throw new CacheEntryException("no member index");
        }
        int expected = (int) checked.getChecksum().getValue();
        int stored = new DataInputStream(buffered).readInt();
        if (stored != expected) {
            throw new CacheEntryException("checksum mismatch (stored " + Integer.toHexString(stored) + ", computed "
                    + Integer.toHexString(expected) + ")");
        }
        if (buffered.read() >= 0) {
            throw new CacheEntryException("bytes after the checksum");
        }
        contents.learnt(learnt);
        return contents;
    }

    private CapturedFile readContent(DataInputStream in, List<Path> spooled) throws IOException {
        long size = in.readLong();
        if (size < 0) {
            throw new CacheEntryException("negative file size " + size);
        }
        if (size <= Math.min(inMemoryBytes, Integer.MAX_VALUE - 16)) {
            byte[] bytes = new byte[(int) size];
            in.readFully(bytes);
            return CapturedFile.ofBytes(bytes);
        }
        Path file = scratch.newFile("cached");
        spooled.add(file);
        try (OutputStream out = Files.newOutputStream(file)) {
            byte[] buffer = new byte[BUFFER];
            long left = size;
            while (left > 0) {
                int n = in.read(buffer, 0, (int) Math.min(buffer.length, left));
                if (n < 0) {
                    throw new EOFException("file ends " + left + " bytes early");
                }
                out.write(buffer, 0, n);
                left -= n;
            }
        }
        return CapturedFile.ofSpooled(file, size);
    }

    private FileRequest readFilesIn(DataInputStream in) throws IOException {
        String path = readString(in);
        String originPath = readString(in);
        long maxBytes = in.readLong();
        FileRequest origin = requests.stream()
                .filter(r -> r.isDirectory() && r.path().equals(originPath))
                .findFirst()
                .orElseThrow(() -> new CacheEntryException("learnt request names /" + originPath
                        + ", which this scan does not request"));
        return FileRequest.filesIn(path, origin.names(), maxBytes);
    }

    private static void readMembers(DataInputStream in, MemberIndex members) throws IOException {
        int count = in.readInt();
        if (count < 0) {
            throw new CacheEntryException("negative member count " + count);
        }
        long previous = Long.MIN_VALUE;
        for (int i = 0; i < count; i++) {
            long h = in.readLong();
            if (i > 0 && h <= previous) {
                throw new CacheEntryException("member hashes out of order");
            }
            members.addHash(h);
            previous = h;
        }
    }

    private static String readString(DataInputStream in) throws IOException {
        int length = in.readInt();
        if (length < 0 || length > MAX_STRING_BYTES) {
            throw new CacheEntryException("string of " + length + " bytes");
        }
        byte[] bytes = new byte[length];
        in.readFully(bytes);
        try {
            return StandardCharsets.UTF_8.newDecoder().decode(ByteBuffer.wrap(bytes)).toString();
        } catch (CharacterCodingException e) {
            throw new CacheEntryException("a string is not valid UTF-8", e);
        }
    }

    private static void deleteAll(List<Path> files) {
        for (Path f : files) {
            try {
                Files.deleteIfExists(f);
            } catch (IOException e) {
                // the scratch space is deleted when the scan ends
            }
        }
    }
}
