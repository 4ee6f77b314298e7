package dev.imagescan.analyzer.python;

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
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import java.util.function.Predicate;
import java.util.regex.Pattern;

/**
 * Python distributions installed in {@code site-packages} or {@code dist-packages}: {@code *.dist-info/METADATA}
 * (pip, wheels), {@code *.egg-info/PKG-INFO} or an {@code *.egg-info} file (setuptools, Debian), and the
 * {@code EGG-INFO/PKG-INFO} of an {@code *.egg} directory or zip file ({@link EggReducer}; easy_install), their
 * {@code Name} and {@code Version} headers, names normalised per PEP 503. The application is the
 * {@code site-packages} directory. Metadata an OS package installed (Debian's {@code python3-urllib3}) is left to
 * it.
 */
public final class PythonAnalyzer implements PackageAnalyzer {
    private static final Pattern METADATA = Pattern.compile(
            "(?:.*/)?(?:site|dist)-packages/[^/]+(?:\\.dist-info/METADATA|\\.egg-info/PKG-INFO|\\.egg-info"
                    + "|\\.egg/EGG-INFO/PKG-INFO)");
    static final Predicate<String> FILES = p -> (p.endsWith("/METADATA") || p.endsWith("/PKG-INFO")
            || p.endsWith(".egg-info")) && METADATA.matcher(p).matches();
    private static final long MAX_BYTES = 4L << 20;
    private static final FileRequest REQUEST = FileRequest.matching(
            "**/{site,dist}-packages/*.{dist-info/METADATA,egg-info/PKG-INFO,egg-info,egg/EGG-INFO/PKG-INFO}", FILES,
            MAX_BYTES);
    private static final Pattern EGG = Pattern.compile("(?:.*/)?(?:site|dist)-packages/[^/]+\\.egg");
    static final Predicate<String> EGGS = p -> p.endsWith(".egg") && EGG.matcher(p).matches();
    private static final FileRequest EGG_REQUEST = FileRequest.reduced("**/{site,dist}-packages/*.egg", EGGS,
            new EggReducer(), EggReducer.MAX_BYTES);

    @Override
    public String name() {
        return "python";
    }

    @Override
    public int version() {
        return 2;
    }

    @Override
    public List<FileRequest> requests() {
        return AppFiles.requests(List.of(REQUEST, EGG_REQUEST));
    }

    @Override
    public PackageAnalysis analyze(FileView files, ScratchSpace scratch) {
        return AppFiles.read(files, scratch, files.find(FILES.or(EGGS)), (path, packages, problems) ->
                files.file(path).ifPresent(f -> {
                    byte[] metadata = f.bytes();
                    String sha256;
                    if (EGGS.test(path)) { // the egg's SHA-256, a line, then its PKG-INFO
                        int nl = Math.max(0, indexOf(metadata, (byte) '\n'));
                        sha256 = new String(metadata, 0, nl, StandardCharsets.US_ASCII);
                        metadata = Arrays.copyOfRange(metadata, Math.min(metadata.length, nl + 1), metadata.length);
                    } else {
                        sha256 = AppFiles.sha256(metadata);
                    }
                    String[] nameVersion = headers(new String(metadata, StandardCharsets.UTF_8));
                    if (nameVersion[0] == null || nameVersion[1] == null) {
                        problems.add("/" + path + ": no Name and Version headers; skipped");
                        return;
                    }
                    String name = normalize(nameVersion[0]);
                    String version = nameVersion[1];
                    String evidence = path.endsWith("/METADATA") ? "METADATA" : "PKG-INFO";
                    AppLocation where = new AppLocation(path, sitePackages(path), evidence, "high", null,
                            AppPackageUrls.of(PackageType.PYPI, name, version), sha256.isEmpty() ? null : sha256);
                    packages.add(InstalledPackage.application(PackageType.PYPI, name, version, where));
                }));
    }

    /** The {@code Name} and {@code Version} of a core metadata document (RFC 822 headers up to a blank line). */
    static String[] headers(String text) {
        String[] out = new String[2];
        for (String line : text.split("\r?\n")) {
            if (line.isEmpty()) {
                break;
            }
            if (line.regionMatches(true, 0, "Name:", 0, 5) && out[0] == null) {
                out[0] = blankToNull(line.substring(5).strip());
            } else if (line.regionMatches(true, 0, "Version:", 0, 8) && out[1] == null) {
                out[1] = blankToNull(line.substring(8).strip());
            }
        }
        return out;
    }

    private static int indexOf(byte[] bytes, byte b) {
        for (int i = 0; i < bytes.length; i++) {
            if (bytes[i] == b) {
                return i;
            }
        }
        return -1;
    }

    /** PEP 503: lower case, every run of {@code -}, {@code _} and {@code .} one {@code -}. */
    public static String normalize(String name) {
        return name.strip().replaceAll("[-_.]+", "-").toLowerCase(Locale.ROOT);
    }

    private static String sitePackages(String path) {
        int at = Math.max(path.lastIndexOf("site-packages/"), path.lastIndexOf("dist-packages/"));
        return path.substring(0, at + "site-packages".length());
    }

    private static String blankToNull(String s) {
        return s.isEmpty() ? null : s;
    }
}
