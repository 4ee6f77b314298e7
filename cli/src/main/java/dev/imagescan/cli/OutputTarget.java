package dev.imagescan.cli;

import java.io.BufferedOutputStream;
import java.io.FilterOutputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.nio.file.FileSystemException;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;
import java.nio.file.attribute.BasicFileAttributes;

/**
 * Where {@code -o FILE} sends a command's output, decided once before the work starts so that a bad FILE fails
 * before a long scan or build.
 *
 * <ul>
 *   <li>{@code -} is standard output.</li>
 *   <li>A regular file, or a name that does not exist yet, is written whole or not at all: a temporary file in the
 *       same directory, renamed over FILE once complete.</li>
 *   <li>A symbolic link is followed: the file it points to is replaced the same way, in the directory of that file,
 *       and the link stays a link. A link through {@code /proc} (a file descriptor, such as {@code /dev/stdout} when
 *       standard output is a file) is opened and written directly, as the shell's {@code >} would.</li>
 *   <li>A character or block device, FIFO, socket or other special file is opened and written directly, never
 *       replaced: {@code -o /dev/null} and {@code -o /dev/stdout} work, and a device stays a device.</li>
 *   <li>A directory, or a FILE whose directory does not exist, is an error before any work is done.</li>
 * </ul>
 */
final class OutputTarget {
    /** Symbolic links followed before giving up, as Linux's {@code MAXSYMLINKS}. */
    private static final int MAX_LINKS = 40;

    private enum Kind { STANDARD_OUTPUT, REPLACE, DIRECT }

    private final Kind kind;
    private final Path path;

    private OutputTarget(Kind kind, Path path) {
        this.kind = kind;
        this.path = path;
    }

    /** Standard output: the default without {@code -o}. */
    static OutputTarget standardOutput() {
        return new OutputTarget(Kind.STANDARD_OUTPUT, null);
    }

    /**
     * The target {@code -o NAME} names; {@code null} or {@code -} is standard output.
     *
     * @throws IOException NAME is a directory, its directory does not exist, or its links loop
     */
    static OutputTarget of(String name) throws IOException {
        if (name == null || name.equals("-")) {
            return standardOutput();
        }
        Path given = Path.of(name).toAbsolutePath();
        BasicFileAttributes followed = attributes(given, true);
        if (followed != null && followed.isDirectory()) {
            throw new FileSystemException(name, null, "is a directory");
        }
        if (followed != null && !followed.isRegularFile()) {
            return new OutputTarget(Kind.DIRECT, given);
        }
        Path p = given;
        for (int hops = 0; hops <= MAX_LINKS; hops++) {
            BasicFileAttributes own = attributes(p, false);
            if (own == null || own.isRegularFile()) {
                Path dir = p.getParent();
                if (own == null && (dir == null || !Files.isDirectory(dir))) {
                    throw new NoSuchFileException(name, null, "no such directory " + dir);
                }
                return new OutputTarget(Kind.REPLACE, p);
            }
            if (!own.isSymbolicLink()) {
                return new OutputTarget(Kind.DIRECT, given);
            }
            Path next = p.getParent().resolve(Files.readSymbolicLink(p));
            if (next.startsWith("/proc")) {
                return new OutputTarget(Kind.DIRECT, given);
            }
            p = next;
        }
        throw new FileSystemException(name, null, "too many levels of symbolic links");
    }

    /** True when the output goes to standard output. */
    boolean isStandardOutput() {
        return kind == Kind.STANDARD_OUTPUT;
    }

    /**
     * Writes the whole body to this target ({@code stdout} when it is standard output, which is flushed, not closed);
     * returns the number of bytes written.
     */
    long write(OutputStream stdout, Body body) throws IOException {
        switch (kind) {
            case STANDARD_OUTPUT -> {
                Counting stream = new Counting(new BufferedOutputStream(stdout, 1 << 16));
                body.writeTo(stream);
                stream.flush();
                return stream.count;
            }
            case DIRECT -> {
                try (Counting stream = new Counting(new BufferedOutputStream(
                        Files.newOutputStream(path, StandardOpenOption.WRITE, StandardOpenOption.TRUNCATE_EXISTING),
                        1 << 16))) {
                    body.writeTo(stream);
                    return stream.count;
                }
            }
            default -> {
                return replace(body);
            }
        }
    }

    /** A temporary file beside the target, renamed over it once complete; removed if anything fails. */
    private long replace(Body body) throws IOException {
        Path temp = Files.createTempFile(path.getParent(), "." + path.getFileName(), ".partial");
        try {
            long count;
            try (Counting stream = new Counting(new BufferedOutputStream(Files.newOutputStream(temp), 1 << 16))) {
                body.writeTo(stream);
                count = stream.count;
            }
            Files.move(temp, path, StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
            return count;
        } finally {
            Files.deleteIfExists(temp);
        }
    }

    /** The attributes of {@code p} (of what it points to when {@code follow}), or null when there is nothing. */
    private static BasicFileAttributes attributes(Path p, boolean follow) throws IOException {
        try {
            return follow ? Files.readAttributes(p, BasicFileAttributes.class)
                    : Files.readAttributes(p, BasicFileAttributes.class, LinkOption.NOFOLLOW_LINKS);
        } catch (NoSuchFileException e) {
            return null;
        }
    }

    /** Something that writes the whole output to a stream. */
    interface Body {
        /** Writes everything; the stream is flushed and closed (or, for standard output, flushed) by the caller. */
        void writeTo(OutputStream out) throws IOException;
    }

    /** Counts the bytes that pass. */
    private static final class Counting extends FilterOutputStream {
        private long count;

        Counting(OutputStream out) {
            super(out);
        }

        @Override
        public void write(int b) throws IOException {
            out.write(b);
            count++;
        }

        @Override
        public void write(byte[] b, int off, int len) throws IOException {
            out.write(b, off, len);
            count += len;
        }
    }
}
