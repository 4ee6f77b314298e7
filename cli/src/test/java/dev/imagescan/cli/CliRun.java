package dev.imagescan.cli;

import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;

/** One in-process run of the CLI: exit status and what it wrote to each stream. */
record CliRun(int status, String out, String err) {

    static CliRun of(String... args) {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        ByteArrayOutputStream err = new ByteArrayOutputStream();
        int status = ImageScanCli.run(out, err, args);
        return new CliRun(status, out.toString(StandardCharsets.UTF_8), err.toString(StandardCharsets.UTF_8));
    }
}
