package dev.imagescan.analyzer.rpm;

import dev.imagescan.analyzer.AnalyzerException;
import dev.imagescan.analyzer.PackageAnalysis;
import dev.imagescan.analyzer.PackageAnalyzer;
import dev.imagescan.common.ScratchSpace;
import dev.imagescan.inventory.InstalledPackage;
import dev.imagescan.inventory.PackageType;
import dev.imagescan.layer.CapturedFile;
import dev.imagescan.layer.FileRequest;
import dev.imagescan.layer.FileView;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/**
 * RPM-based distributions (RHEL, CentOS, Oracle, Rocky, Alma, Amazon, Fedora, SUSE, Mariner): the rpm database in
 * {@code /var/lib/rpm/} or {@code /usr/lib/sysimage/rpm/}, in whichever format is there (SQLite, NDB, BerkeleyDB;
 * recognised by its bytes). When several are there, the newest format wins: a conversion leaves the old file behind.
 * {@code gpg-pubkey} entries are imported signing keys, not packages, and are left out.
 */
public final class RpmAnalyzer implements PackageAnalyzer {
    private static final List<String> DIRS = List.of("var/lib/rpm", "usr/lib/sysimage/rpm");
    private static final List<String> FILES = List.of("rpmdb.sqlite", "Packages.db", "Packages");
    private static final long MAX_BYTES = 4L << 30;

    @Override
    public String name() {
        return "rpm";
    }

    @Override
    public int version() {
        return 1;
    }

    /** The database files this analyzer reads (also what the OS-owned rule of the language analyzers reads). */
    public static final List<FileRequest> REQUESTS = requestsFor();

    private static List<FileRequest> requestsFor() {
        List<FileRequest> requests = new ArrayList<>();
        for (String dir : DIRS) {
            for (String file : FILES) {
                requests.add(FileRequest.file(dir + "/" + file, MAX_BYTES));
            }
        }
        return List.copyOf(requests);
    }

    @Override
    public List<FileRequest> requests() {
        return REQUESTS;
    }

    @Override
    public PackageAnalysis analyze(FileView files, ScratchSpace scratch) {
        return database(files).map(path -> read("/" + path, files.file(path).orElseThrow(), scratch))
                .orElse(PackageAnalysis.NONE);
    }

    /** The database the image's rpm uses (the newest format when several are there); empty without one. */
    public static Optional<String> database(FileView files) {
        for (String file : FILES) {
            for (String dir : DIRS) {
                String path = dir + "/" + file;
                if (files.file(path).isPresent()) {
                    return Optional.of(path);
                }
            }
        }
        return Optional.empty();
    }

    private static PackageAnalysis read(String imagePath, CapturedFile db, ScratchSpace scratch) {
        Path onDisk;
        try {
            onDisk = db.file(scratch);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        RpmReadResult result;
        try {
            result = RpmDatabaseReader.read(onDisk);
        } catch (RpmDatabaseException e) {
            throw new AnalyzerException(rename(e.getMessage(), onDisk, imagePath), e);
        }
        List<InstalledPackage> packages = new ArrayList<>();
        for (RpmPackageInfo info : result.packages()) {
            if (!info.name().equals("gpg-pubkey")) {
                packages.add(toInstalled(info));
            }
        }
        List<String> problems = result.problems().stream().map(p -> rename(p, onDisk, imagePath)).toList();
        return new PackageAnalysis(true, packages, problems);
    }

    static InstalledPackage toInstalled(RpmPackageInfo info) {
        String epoch = info.epoch() == null ? "" : info.epoch() + ":";
        String version = epoch + info.version() + "-" + info.release();
        String sourceName = info.name();
        String sourceVersion = version;
        Optional<SourceRpm> source = info.source();
        if (source.isPresent()) {
            sourceName = source.get().name();
            sourceVersion = epoch + source.get().version();
        }
        return new InstalledPackage(PackageType.RPM, info.name(), version, info.arch(), sourceName, sourceVersion,
                new InstalledPackage.RpmFields(info.epoch(), info.version(), info.release(), info.vendor(),
                        info.modularityLabel()));
    }

    /** Messages name the scratch copy; the user knows the file by its path in the image. */
    private static String rename(String message, Path onDisk, String imagePath) {
        return message == null ? imagePath : message.replace(onDisk.toString(), imagePath);
    }
}
