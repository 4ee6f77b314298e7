import dev.imagescan.analyzer.Analyzers;
import dev.imagescan.analyzer.PackageAnalyzer;
import dev.imagescan.inventory.Inventory;
import dev.imagescan.inventory.Package;
import dev.imagescan.scan.ImageScanner;
import dev.imagescan.scan.ScanOptions;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;

/**
 * One scan for bench/app-layers.sh, in a fresh JVM: {@code AppLayersScan os|all IMAGE} scans the image with the OS
 * package analyzers only (dpkg, apk, rpm) or with every analyzer, and prints one line: the mode, the scan's seconds
 * (the JVM's start left out), the packages found by type, and the process's peak resident set (VmHWM, kB).
 */
public final class AppLayersScan {
    private static final Set<String> OS = Set.of("dpkg", "apk", "rpm");

    public static void main(String[] args) throws Exception {
        boolean osOnly = args[0].equals("os");
        List<PackageAnalyzer> analyzers = Analyzers.defaults().stream()
                .filter(a -> !osOnly || OS.contains(a.name())).toList();
        ScanOptions d = ScanOptions.defaults();
        ScanOptions options = new ScanOptions(d.platform(), d.limits(), d.scratchDir(), analyzers, d.threads(),
                d.layerCache(), d.listener(), d.budget());
        long t0 = System.nanoTime();
        Inventory inventory = new ImageScanner(options).scan(Path.of(args[1]));
        double seconds = (System.nanoTime() - t0) / 1e9;
        Map<String, Integer> types = new TreeMap<>();
        for (Package p : inventory.packages()) {
            types.merge(p.type().purlType(), 1, Integer::sum);
        }
        String hwm = Files.readAllLines(Path.of("/proc/self/status")).stream().filter(l -> l.startsWith("VmHWM:"))
                .map(l -> l.replaceAll("\\D", "")).findFirst().orElse("0");
        System.out.printf("%s %.3f %s %s%n", args[0], seconds, hwm, types.toString().replace(" ", ""));
    }
}
