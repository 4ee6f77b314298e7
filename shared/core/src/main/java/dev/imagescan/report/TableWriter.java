package dev.imagescan.report;

import dev.imagescan.inventory.ImageSummary;
import dev.imagescan.inventory.Inventory;
import dev.imagescan.inventory.Package;
import java.io.IOException;
import java.io.OutputStream;
import java.io.PrintWriter;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;

/** A plain-text summary and package table for people at a terminal. */
public final class TableWriter implements InventoryWriter {
    private static final String[] HEADER = {"NAME", "VERSION", "ARCH", "SOURCE", "LAYER"};

    @Override
    public void write(Inventory inventory, OutputStream out) throws IOException {
        PrintWriter w = new PrintWriter(new java.io.OutputStreamWriter(out, StandardCharsets.UTF_8));
        ImageSummary image = inventory.image();
        w.printf("Image:    %s (%s%s)%n", image.name(), image.format(),
                image.platform() == null ? "" : ", " + image.platform());
        if (image.configDigest() != null) {
            w.printf("ID:       %s%n", image.configDigest());
        }
        if (image.manifestDigest() != null) {
            w.printf("Manifest: %s%n", image.manifestDigest());
        }
        w.printf("Layers:   %d%n", image.layers().size());
        String osName = inventory.os().name() == null ? "" : " (" + inventory.os().name() + ")";
        w.printf("OS:       %s%s%n", inventory.os().isKnown() ? inventory.os().describe() : "unknown (no os-release or release file found)", osName);
        w.printf("Packages: %d%n", inventory.packages().size());
        if (!inventory.packages().isEmpty()) {
            w.println();
            List<String[]> rows = new ArrayList<>();
            rows.add(HEADER);
            for (Package p : inventory.packages()) {
                rows.add(new String[] {p.name(), p.version(), Objects.toString(p.arch(), ""), source(p), layer(p)});
            }
            printAligned(w, rows);
        }
        if (!inventory.warnings().isEmpty()) {
            w.println();
            w.println("Warnings:");
            inventory.warnings().forEach(warning -> w.println("  - " + warning));
        }
        w.flush();
    }

    private static String source(Package p) {
        if (p.source().name().equals(p.name()) && Objects.equals(p.source().version(), p.version())) {
            return "";
        }
        return p.source().name() + (Objects.equals(p.source().version(), p.version()) ? "" : " " + p.source().version());
    }

    /** {@code 2 sha256:f740…} (1-based position and short diffID); {@code ?} for an unknown position, empty when unknown. */
    private static String layer(Package p) {
        if (p.layer() == null) {
            return "";
        }
        String diffId = p.layer().diffId();
        int colon = diffId.indexOf(':');
        return (p.layer().hasIndex() ? Integer.toString(p.layer().index() + 1) : "?") + " "
                + diffId.substring(0, Math.min(diffId.length(), colon + 13));
    }

    private static void printAligned(PrintWriter w, List<String[]> rows) {
        int[] widths = new int[HEADER.length];
        for (String[] row : rows) {
            for (int i = 0; i < row.length; i++) {
                widths[i] = Math.max(widths[i], row[i].length());
            }
        }
        for (String[] row : rows) {
            StringBuilder line = new StringBuilder();
            for (int i = 0; i < row.length; i++) {
                line.append(row[i]);
                if (i < row.length - 1) {
                    line.append(" ".repeat(widths[i] - row[i].length() + 2));
                }
            }
            w.println(line.toString().stripTrailing());
        }
    }
}
