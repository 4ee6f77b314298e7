package dev.imagescan.scan;

import dev.imagescan.analyzer.Analyzers;
import dev.imagescan.analyzer.PackageAnalysis;
import dev.imagescan.analyzer.PackageAnalyzer;
import dev.imagescan.common.ScratchSpace;
import dev.imagescan.layer.FileRequest;
import dev.imagescan.layer.FileView;
import java.util.ArrayList;
import java.util.List;
import java.util.function.Predicate;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

/** The analyzer key changes with everything that changes what a layer read keeps, and with nothing else. */
class AnalyzerKeyTest {
    static final Predicate<String> ALL = name -> true;
    static final List<FileRequest> REQUESTS = List.of(FileRequest.file("etc/os-release", 4096),
            FileRequest.filesIn("var/lib/dpkg/status.d", ALL, 1 << 20));

    @Test
    void theKeyIsSixteenHexDigitsAndTheSameForTheSameAnalyzers() {
        String key = AnalyzerKey.of(1, List.of(analyzer("dpkg", 1)), REQUESTS);

        assertThat(key).matches("[0-9a-f]{16}").isEqualTo(AnalyzerKey.of(1, List.of(analyzer("dpkg", 1)), REQUESTS));
        assertThat(new ImageScanner(ScanOptions.defaults()).analyzerKey())
                .isEqualTo(new ImageScanner(ScanOptions.defaults().withScratchDir(java.nio.file.Path.of("elsewhere"))
                        .withLimits(dev.imagescan.layer.LayerLimits.DEFAULT.withMaxUncompressedBytes(1 << 30)))
                        .analyzerKey());
    }

    @Test
    void aVersionAnAnalyzerARequestOrACapChangesTheKey() {
        String key = AnalyzerKey.of(1, List.of(analyzer("dpkg", 1)), REQUESTS);
        List<FileRequest> otherCap = List.of(REQUESTS.get(0), FileRequest.filesIn("var/lib/dpkg/status.d", ALL, 2 << 20));
        List<FileRequest> oneMore = new ArrayList<>(REQUESTS);
        oneMore.add(FileRequest.file("etc/debian_version", 4096));

        assertThat(List.of(
                AnalyzerKey.of(2, List.of(analyzer("dpkg", 1)), REQUESTS),
                AnalyzerKey.of(1, List.of(analyzer("dpkg", 2)), REQUESTS),
                AnalyzerKey.of(1, List.of(analyzer("dpkg", 1), analyzer("apk", 1)), REQUESTS),
                AnalyzerKey.of(1, List.of(analyzer("dpkg", 1)), otherCap),
                AnalyzerKey.of(1, List.of(analyzer("dpkg", 1)), oneMore),
                AnalyzerKey.of(1, List.of(analyzer("dpkg", 1)), List.of(REQUESTS.get(1), REQUESTS.get(0)))))
                .doesNotContain(key)
                .doesNotHaveDuplicates();
    }

    @Test
    void theCanonicalTextNamesEveryPart() {
        assertThat(AnalyzerKey.canonical(1, List.of(analyzer("dpkg", 3)), REQUESTS)).isEqualTo("""
                imagescan layer cache
                format 1
                layer-rules 2
                os 1
                analyzer dpkg 3
                file 4096 etc/os-release
                files-in 1048576 var/lib/dpkg/status.d
                """);
        assertThat(new ImageScanner(ScanOptions.defaults()).analyzerKey())
                .isEqualTo(AnalyzerKey.of(2, Analyzers.defaults(), allDefaultRequests()));
    }

    @Test
    void aNarrowReadIsKeyedByItsRequestsAndADirectoryByTheFilterItCarries() {
        String key = "0123456789abcdef";
        List<FileRequest> file = List.of(FileRequest.file("opt/release", 4096));
        List<FileRequest> movedDir = List.of(FileRequest.filesIn("opt/dpkg/status.d", ALL, 1 << 20));
        List<FileRequest> strangeDir = List.of(FileRequest.filesIn("opt/dpkg/status.d", name -> false, 1 << 20));

        assertThat(AnalyzerKey.narrow(key, file, REQUESTS)).matches(key + "-[0-9a-f]{16}")
                .isEqualTo(AnalyzerKey.narrow(key, List.of(FileRequest.file("opt/release", 4096)), REQUESTS))
                .isNotEqualTo(AnalyzerKey.narrow(key, List.of(FileRequest.file("opt/release", 4097)), REQUESTS))
                .isNotEqualTo(AnalyzerKey.narrow(key, movedDir, REQUESTS));
        assertThat(AnalyzerKey.narrow(key, movedDir, REQUESTS)).isNotNull();
        assertThat(AnalyzerKey.narrow(key, strangeDir, REQUESTS)).isNull();
    }

    private static List<FileRequest> allDefaultRequests() {
        List<FileRequest> requests = new ArrayList<>(new dev.imagescan.analyzer.os.OsDetector().requests());
        Analyzers.defaults().forEach(a -> requests.addAll(a.requests()));
        return requests;
    }

    private static PackageAnalyzer analyzer(String name, int version) {
        return new PackageAnalyzer() {
            @Override
            public String name() {
                return name;
            }

            @Override
            public int version() {
                return version;
            }

            @Override
            public List<FileRequest> requests() {
                return List.of();
            }

            @Override
            public PackageAnalysis analyze(FileView files, ScratchSpace scratch) {
                return PackageAnalysis.NONE;
            }
        };
    }
}
