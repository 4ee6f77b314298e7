package dev.imagescan.analyzer.rpm.ndb;

import dev.imagescan.analyzer.rpm.RpmDatabase;
import dev.imagescan.analyzer.rpm.RpmDatabaseException;
import dev.imagescan.analyzer.rpm.RpmDatabaseFiles;
import dev.imagescan.analyzer.rpm.RpmHeaderBlob;
import java.io.IOException;
import java.nio.channels.FileChannel;
import java.nio.file.Path;
import java.util.Iterator;
import java.util.Optional;

/**
 * SUSE's NDB rpm database ({@code Packages.db}, rpm's "ndb" backend, SLES 15 / openSUSE). Slots are read and
 * checked at open; blobs are read one at a time, in block order, as rpm lists them.
 */
public final class Ndb implements RpmDatabase {

    private final Path path;
    private final FileChannel channel;
    private final Iterator<NdbSlot> slots;

    private Ndb(Path path, FileChannel channel, Iterator<NdbSlot> slots) {
        this.path = path;
        this.channel = channel;
        this.slots = slots;
    }

    /**
     * Opens {@code path} and reads its slot pages.
     *
     * @throws RpmDatabaseException when the file is unreadable, not NDB, or a slot is invalid or points outside it
     */
    public static Ndb open(Path path) throws RpmDatabaseException {
        return RpmDatabaseFiles.open(path,
                channel -> new Ndb(path, channel, NdbLayout.readSlots(path, channel).iterator()));
    }

    @Override
    public String format() {
        return "ndb";
    }

    @Override
    public Path path() {
        return path;
    }

    @Override
    public Optional<RpmHeaderBlob> nextHeader() throws RpmDatabaseException {
        if (!slots.hasNext()) {
            return Optional.empty();
        }
        NdbSlot slot = slots.next();
        try {
            byte[] blob = NdbBlobReader.read(path, channel, slot);
            Integer instance = slot.pkgIdx() <= Integer.MAX_VALUE ? (int) slot.pkgIdx() : null;
            return Optional.of(new RpmHeaderBlob(instance, blob));
        } catch (IOException e) {
            throw new RpmDatabaseException(path + ": cannot read: " + e, e);
        }
    }

    @Override
    public void close() throws RpmDatabaseException {
        RpmDatabaseFiles.close(path, channel);
    }
}
