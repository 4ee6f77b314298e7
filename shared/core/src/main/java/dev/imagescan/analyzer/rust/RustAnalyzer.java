package dev.imagescan.analyzer.rust;

import com.fasterxml.jackson.jr.ob.JSON;
import dev.imagescan.analyzer.PackageAnalysis;
import dev.imagescan.analyzer.PackageAnalyzer;
import dev.imagescan.analyzer.app.AppFiles;
import dev.imagescan.analyzer.app.AppPackageUrls;
import dev.imagescan.analyzer.app.Executables;
import dev.imagescan.common.ScratchSpace;
import dev.imagescan.inventory.AppLocation;
import dev.imagescan.inventory.InstalledPackage;
import dev.imagescan.inventory.PackageType;
import dev.imagescan.layer.FileRequest;
import dev.imagescan.layer.FileView;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.util.List;
import java.util.Map;
import java.util.zip.DataFormatException;
import java.util.zip.Inflater;

/**
 * Rust executables built with {@code cargo auditable}: the dependency list in their {@code .dep-v0} section
 * ({@link CargoAuditReducer}, read in the same pass as Go's build information, {@link Executables}). Every crate from
 * crates.io ({@code "source": "crates.io"}, or {@code "registry"} in older lists) that is built into the program
 * (not {@code "kind": "build"}) is a package; crates from a path or a git repository are not crates.io's and are
 * left out. The application is the binary. Binaries an OS package installed (Alpine's, Wolfi's) are left to it.
 */
public final class RustAnalyzer implements PackageAnalyzer {

    @Override
    public String name() {
        return "rust";
    }

    @Override
    public int version() {
        return 2;
    }

    @Override
    public List<FileRequest> requests() {
        return AppFiles.requests(List.of(Executables.REQUEST));
    }

    @Override
    public PackageAnalysis analyze(FileView files, ScratchSpace scratch) {
        return AppFiles.read(files, scratch, Executables.find(files), (path, packages, problems) -> {
            int before = packages.size();
            Executables.part(files, path, "cargo").ifPresent(z -> read(path, z, packages, problems));
            AppFiles.withSha256(packages, before, path, Executables.sha256(files, path));
        });
    }

    /** The crates of one binary's compressed audit data. */
    static void read(String path, byte[] compressed, List<InstalledPackage> out, List<String> problems) {
        Map<String, Object> root;
        try {
            root = JSON.std.mapFrom(inflate(compressed));
        } catch (IOException | DataFormatException | RuntimeException e) {
            problems.add("/" + path + ": cargo-auditable data unreadable (" + e.getMessage() + "); skipped");
            return;
        }
        if (root == null || !(root.get("packages") instanceof List<?> crates)) {
            problems.add("/" + path + ": cargo-auditable data without \"packages\"; skipped");
            return;
        }
        for (Object o : crates) {
            if (!(o instanceof Map<?, ?> c) || !(c.get("name") instanceof String name)
                    || !(c.get("version") instanceof String version)) {
                problems.add("/" + path + ": a cargo-auditable package without a name and version; skipped");
                continue;
            }
            Object source = c.get("source");
            if (!("crates.io".equals(source) || "registry".equals(source)) || "build".equals(c.get("kind"))) {
                continue;
            }
            out.add(InstalledPackage.application(PackageType.CARGO, name, version, new AppLocation(path, path,
                    "cargo-auditable", "high", null, AppPackageUrls.of(PackageType.CARGO, name, version))));
        }
    }

    /** The JSON of the section, at most {@link CargoAuditReducer#MAX_JSON} bytes. */
    static byte[] inflate(byte[] compressed) throws DataFormatException {
        Inflater inflater = new Inflater();
        try {
            inflater.setInput(compressed);
            ByteArrayOutputStream out = new ByteArrayOutputStream();
            byte[] buf = new byte[16 * 1024];
            while (!inflater.finished()) {
                int n = inflater.inflate(buf);
                if (n == 0 && (inflater.needsInput() || inflater.needsDictionary())) {
                    throw new DataFormatException("the zlib stream is cut short");
                }
                out.write(buf, 0, n);
                if (out.size() > CargoAuditReducer.MAX_JSON) {
                    throw new DataFormatException("it inflates to more than " + CargoAuditReducer.MAX_JSON + " bytes");
                }
            }
            return out.toByteArray();
        } finally {
            inflater.end();
        }
    }
}
