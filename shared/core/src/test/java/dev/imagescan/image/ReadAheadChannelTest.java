package dev.imagescan.image;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.EOFException;
import java.io.IOException;
import java.io.InputStream;
import java.nio.ByteBuffer;
import java.nio.channels.ClosedChannelException;
import java.nio.channels.NonWritableChannelException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.Random;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The read-ahead channel gives the source's bytes wherever it is read, with few ranged reads. */
class ReadAheadChannelTest {
    @TempDir
    Path dir;

    @Test
    void everyReadGivesTheSourceBytesWhateverThePositionsAndLengths() throws IOException {
        byte[] data = randomBytes(300_000, 1);
        Random random = new Random(2);
        try (CountingRandomAccessSource source = new CountingRandomAccessSource(file(data));
                ReadAheadChannel channel = new ReadAheadChannel(source)) {
            for (int i = 0; i < 2000; i++) {
                int at = random.nextInt(data.length);
                int length = random.nextInt(i % 10 == 0 ? 200_000 : 2000);
                ByteBuffer dst = ByteBuffer.allocate(length);
                channel.position(at);
                int n = channel.read(dst);

                int expected = Math.min(length, data.length - at);
                assertThat(n).isEqualTo(expected);
                assertThat(Arrays.copyOf(dst.array(), n)).isEqualTo(Arrays.copyOfRange(data, at, at + n));
                assertThat(channel.position()).isEqualTo(at + n);
            }
            assertThat(source.bytesRead()).isEqualTo(source.bytesRequested());
        }
    }

    @Test
    void readingAtTheEndGivesMinusOne() throws IOException {
        try (ReadAheadChannel channel = new ReadAheadChannel(file(randomBytes(100, 3)))) {
            channel.position(100);
            assertThat(channel.read(ByteBuffer.allocate(10))).isEqualTo(-1);
            channel.position(5000);
            assertThat(channel.read(ByteBuffer.allocate(10))).isEqualTo(-1);
            channel.position(95);
            assertThat(channel.read(ByteBuffer.allocate(10))).isEqualTo(5);
        }
    }

    @Test
    void headersSpreadOverALargeFileCostOneSmallReadEach() throws IOException {
        byte[] data = randomBytes(10 << 20, 4);
        RangeLog log = new RangeLog(file(data));
        try (ReadAheadChannel channel = new ReadAheadChannel(log)) {
            for (long at = 0; at < data.length; at += 1 << 20) {
                channel.position(at);
                channel.read(ByteBuffer.allocate(512));
            }
        }
        assertThat(log.ranges()).hasSize(10).allSatisfy(r -> assertThat(r.length()).isEqualTo(ReadAheadChannel.MIN_BLOCK));
    }

    @Test
    void aRunOfSmallReadsFetchesGrowingBlocksThatStayContiguous() throws IOException {
        byte[] data = randomBytes(1 << 20, 5);
        RangeLog log = new RangeLog(file(data));
        try (ReadAheadChannel channel = new ReadAheadChannel(log)) {
            for (long at = 0; at < 200_000; at += 1024) {
                channel.position(at);
                channel.read(ByteBuffer.allocate(512));
            }
            assertThat(log.ranges()).extracting(RangeLog.Range::length)
                    .startsWith(4096L, 4096L, 8192L, 16384L, 32768L, 65536L, 65536L);
            for (int i = 1; i < log.ranges().size(); i++) {
                assertThat(log.ranges().get(i).offset()).isEqualTo(log.ranges().get(i - 1).end());
            }
            try (InputStream in = channel.openCached(1000, 150_000)) {
                assertThat(in.readAllBytes()).isEqualTo(Arrays.copyOfRange(data, 1000, 151_000));
            }
            assertThat(channel.openCached(150_000, 200_000)).isNull();
        }
    }

    @Test
    void openCachedAnswersOnlyForRangesHeldWhole() throws IOException {
        byte[] data = randomBytes(1 << 20, 6);
        try (ReadAheadChannel channel = new ReadAheadChannel(file(data))) {
            channel.position(500_000);
            channel.read(ByteBuffer.allocate(100));

            try (InputStream in = channel.openCached(500_010, 4000)) {
                assertThat(in.readAllBytes()).isEqualTo(Arrays.copyOfRange(data, 500_010, 504_010));
            }
            assertThat(channel.openCached(499_999, 10)).isNull();
            assertThat(channel.openCached(500_000, ReadAheadChannel.MIN_BLOCK + 1)).isNull();
            assertThat(channel.openCached(0, 10)).isNull();
        }
    }

    @Test
    void keptBlocksStayWithinTheirBudget() throws IOException {
        byte[] data = randomBytes(8 << 20, 7);
        try (ReadAheadChannel channel = new ReadAheadChannel(file(data))) {
            for (long at = 0; at < data.length - 600; at += 600) {
                channel.position(at);
                channel.read(ByteBuffer.allocate(512));
            }
            long held = 0;
            for (long at = 0; at < data.length; at += 512) {
                if (channel.openCached(at, 512) != null) {
                    held += 512;
                }
            }
            assertThat(held).isLessThanOrEqualTo(ReadAheadChannel.RETAINED_BYTES + ReadAheadChannel.MAX_BLOCK);
            try (InputStream last = channel.openCached(data.length - 1200, 512)) {
                assertThat(last.readAllBytes()).isEqualTo(Arrays.copyOfRange(data, data.length - 1200, data.length - 688));
            }
        }
    }

    @Test
    void aSourceShorterThanItsSizeIsAnEofAndAClosedChannelRefusesReads() throws IOException {
        RandomAccessSource lying = new RandomAccessSource() {
            @Override
            public long size() {
                return 10_000;
            }

            @Override
            public InputStream open(long offset, long length) {
                return InputStream.nullInputStream();
            }

            @Override
            public String describe() {
                return "lying";
            }
        };
        ReadAheadChannel channel = new ReadAheadChannel(lying);
        assertThatThrownBy(() -> channel.read(ByteBuffer.allocate(10))).isInstanceOf(EOFException.class)
                .hasMessage("lying ends at byte 0 but claims 10000 bytes");
        assertThatThrownBy(() -> channel.write(ByteBuffer.allocate(1))).isInstanceOf(NonWritableChannelException.class);
        channel.close();
        assertThat(channel.isOpen()).isFalse();
        assertThatThrownBy(() -> channel.read(ByteBuffer.allocate(10))).isInstanceOf(ClosedChannelException.class);
    }

    @Test
    void fileSourceRefusesRangesOutsideTheFileAndCountingCountsWhatIsRead() throws IOException {
        byte[] data = randomBytes(1000, 8);
        try (CountingRandomAccessSource source = new CountingRandomAccessSource(file(data))) {
            assertThatThrownBy(() -> source.open(900, 101)).isInstanceOf(IndexOutOfBoundsException.class);
            assertThatThrownBy(() -> source.open(-1, 1)).isInstanceOf(IndexOutOfBoundsException.class);
            try (InputStream in = source.open(100, 300)) {
                assertThat(in.readNBytes(50)).isEqualTo(Arrays.copyOfRange(data, 100, 150));
            }
            try (InputStream in = source.open(1000, 0)) {
                assertThat(in.read()).isEqualTo(-1);
            }
            assertThat(source.requests()).isEqualTo(2);
            assertThat(source.bytesRequested()).isEqualTo(300);
            assertThat(source.bytesRead()).isEqualTo(50);
            assertThat(source.describe()).isEqualTo("data.bin");
            assertThat(source.size()).isEqualTo(1000);
        }
    }

    private RandomAccessSource file(byte[] data) throws IOException {
        Path file = dir.resolve("data.bin");
        Files.write(file, data);
        return FileRandomAccessSource.open(file);
    }

    private static byte[] randomBytes(int n, long seed) {
        byte[] bytes = new byte[n];
        new Random(seed).nextBytes(bytes);
        return bytes;
    }
}
