package dev.imagescan.testing;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import org.apache.commons.compress.archivers.tar.TarArchiveEntry;

/** The entries an archive or layout will hold, before tampering and writing. */
final class Plan {
    enum Kind {
        DIR,
        /** index.json, manifest.json, configs, manifests, legacy json: what a reader needs first. */
        META,
        /** Layer content. */
        LAYER,
        SYMLINK,
        /** A raw tar entry from {@link Tamper#extraEntry}. */
        RAW
    }

    static final class Entry {
        final String name;
        final Kind kind;
        Content content;
        final String linkTarget;
        final Set<String> aliases;
        final TarArchiveEntry raw;

        Entry(String name, Kind kind, Content content, String linkTarget, Set<String> aliases, TarArchiveEntry raw) {
            this.name = name;
            this.kind = kind;
            this.content = content;
            this.linkTarget = linkTarget;
            this.aliases = aliases;
            this.raw = raw;
        }
    }

    final List<Entry> entries = new ArrayList<>();
    private final Set<String> names = new HashSet<>();

    Plan dir(String name) {
        if (names.add(name)) {
            entries.add(new Entry(name, Kind.DIR, null, null, Set.of(), null));
        }
        return this;
    }

    /** Adds a file unless one of that name is planned already (shared layers are written once). */
    Plan file(String name, Kind kind, Content content, String... aliases) {
        if (names.add(name)) {
            entries.add(new Entry(name, kind, content, null, Set.copyOf(Arrays.asList(aliases)), null));
        }
        return this;
    }

    Plan symlink(String name, String target) {
        if (names.add(name)) {
            entries.add(new Entry(name, Kind.SYMLINK, null, target, Set.of(), null));
        }
        return this;
    }

    boolean has(String name) {
        return names.contains(name);
    }
}
