package dev.imagescan.analyzer.rpm;

import dev.imagescan.testing.Corpus;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.channels.FileChannel;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;
import java.util.List;
import java.util.stream.Collectors;

/** Test access to the rpm database fixtures under {@code src/test/resources/rpmdb} and helpers to corrupt copies. */
public final class RpmFixtures {

    private RpmFixtures() {
    }

    /** {@code rpmdb/<relative>} on the test classpath. */
    public static Path resource(String relative) {
        return Corpus.resource("rpmdb/" + relative);
    }

    /** Copies fixture file {@code relative} into {@code dir} (keeping its file name) and returns the copy. */
    public static Path copy(String relative, Path dir) {
        Path source = resource(relative);
        Path target = dir.resolve(source.getFileName().toString());
        try {
            return Files.copy(source, target, StandardCopyOption.REPLACE_EXISTING);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** Data lines of a fixture's {@code expected.tsv}. */
    public static List<String> expectedRows(String fixtureDir) {
        return dataLines(fixtureDir + "/expected.tsv");
    }

    /** Data lines of a fixture's {@code instances.tsv} ({@code instance<TAB>nevra}). */
    public static List<String> expectedInstances(String fixtureDir) {
        return dataLines(fixtureDir + "/instances.tsv");
    }

    private static List<String> dataLines(String relative) {
        try {
            return Files.readAllLines(resource(relative)).stream().skip(1).filter(l -> !l.isEmpty())
                    .collect(Collectors.toList());
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** A package in {@code expected.tsv} form. */
    public static String row(RpmPackageInfo p) {
        return String.join("\t", p.name(), p.epoch() == null ? "" : p.epoch().toString(), p.version(), p.release(),
                orEmpty(p.arch()), orEmpty(p.sourceRpm()), orEmpty(p.modularityLabel()), orEmpty(p.vendor()));
    }

    /** A package in {@code instances.tsv} form. */
    public static String instanceRow(RpmPackageInfo p) {
        return p.instance() + "\t" + p.nevra();
    }

    private static String orEmpty(String s) {
        return s == null ? "" : s;
    }

    /** Overwrites bytes of {@code file} at {@code position}. */
    public static void write(Path file, long position, byte[] bytes) {
        try (FileChannel channel = FileChannel.open(file, StandardOpenOption.WRITE)) {
            ByteBuffer buffer = ByteBuffer.wrap(bytes);
            while (buffer.hasRemaining()) {
                channel.write(buffer, position + buffer.position());
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** Overwrites a 32-bit value of {@code file} at {@code position}. */
    public static void writeInt(Path file, long position, long value, ByteOrder order) {
        write(file, position, ByteBuffer.allocate(4).order(order).putInt((int) value).array());
    }

    /** Overwrites a 16-bit value of {@code file} at {@code position}. */
    public static void writeShort(Path file, long position, int value, ByteOrder order) {
        write(file, position, ByteBuffer.allocate(2).order(order).putShort((short) value).array());
    }

    /** Reads a 32-bit value of {@code file} at {@code position}. */
    public static long readInt(Path file, long position, ByteOrder order) {
        try (FileChannel channel = FileChannel.open(file, StandardOpenOption.READ)) {
            ByteBuffer buffer = ByteBuffer.allocate(4).order(order);
            channel.read(buffer, position);
            return Integer.toUnsignedLong(buffer.getInt(0));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** Cuts {@code file} to {@code size} bytes. */
    public static void truncate(Path file, long size) {
        try (FileChannel channel = FileChannel.open(file, StandardOpenOption.WRITE)) {
            channel.truncate(size);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
