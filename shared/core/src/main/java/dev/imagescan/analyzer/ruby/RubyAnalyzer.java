package dev.imagescan.analyzer.ruby;

import dev.imagescan.analyzer.PackageAnalysis;
import dev.imagescan.analyzer.PackageAnalyzer;
import dev.imagescan.analyzer.app.AppFiles;
import dev.imagescan.analyzer.app.AppPackageUrls;
import dev.imagescan.common.ScratchSpace;
import dev.imagescan.inventory.AppLocation;
import dev.imagescan.inventory.InstalledPackage;
import dev.imagescan.inventory.PackageType;
import dev.imagescan.layer.FileRequest;
import dev.imagescan.layer.FileView;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.function.Predicate;
import java.util.regex.Pattern;

/**
 * Ruby gems: every installed gem's specification, {@code specifications/*.gemspec} (and
 * {@code specifications/default/*.gemspec}, Ruby's default gems) under a gem home ({@code /usr/local/bundle},
 * {@code /usr/local/lib/ruby/gems/3.3.0}, a vendored bundle), read as text by {@link GemspecParser}. The application
 * is the gem home (the directory holding {@code specifications}). Specifications an OS package installed (Debian's
 * {@code ruby-rack}, Ruby's own default gems from {@code libruby3.1}) are left to it.
 */
public final class RubyAnalyzer implements PackageAnalyzer {
    private static final Pattern GEMSPEC = Pattern.compile("(?:.*/)?specifications/(?:default/)?[^/]+\\.gemspec");
    static final Predicate<String> FILES = p -> p.endsWith(".gemspec") && GEMSPEC.matcher(p).matches();
    private static final long MAX_BYTES = 1L << 20;
    private static final FileRequest REQUEST = FileRequest.matching("**/specifications/**.gemspec", FILES, MAX_BYTES);

    @Override
    public String name() {
        return "ruby";
    }

    @Override
    public int version() {
        return 1;
    }

    @Override
    public List<FileRequest> requests() {
        return AppFiles.requests(List.of(REQUEST));
    }

    @Override
    public PackageAnalysis analyze(FileView files, ScratchSpace scratch) {
        return AppFiles.readWhole(files, scratch, files.find(FILES), (path, packages, problems) ->
                files.file(path).ifPresent(f -> GemspecParser.parse(new String(f.bytes(), StandardCharsets.UTF_8))
                        .ifPresentOrElse(gem -> packages.add(InstalledPackage.application(PackageType.GEM,
                                        gem.name(), gem.version(), new AppLocation(path, gemHome(path), "gemspec",
                                                "high", null, AppPackageUrls.of(PackageType.GEM, gem.name(),
                                                        gem.version())))),
                                () -> problems.add("/" + path + ": no name and version assignment; skipped"))));
    }

    /** The gem home: the directory holding {@code specifications}. */
    static String gemHome(String path) {
        int at = path.lastIndexOf("specifications/");
        return at == 0 ? "" : path.substring(0, at - 1);
    }
}
