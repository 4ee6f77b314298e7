package dev.imagescan.vulndb.osv;

import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Locale;
import java.util.stream.Collectors;
import java.util.stream.Stream;

/**
 * Every {@code *.json} file under a directory, at any depth, in the order of their relative paths (so the same tree
 * gives the same order on any file system). Symbolic links to directories are not followed.
 */
final class DirectorySource implements DocumentSource {
    private final Path dir;
    private final OsvLimits limits;

    DirectorySource(Path dir, OsvLimits limits) {
        this.dir = dir;
        this.limits = limits;
    }

    @Override
    public String name() {
        Path fileName = dir.toAbsolutePath().normalize().getFileName();
        return (fileName == null ? "" : fileName.toString()) + "/";
    }

    @Override
    public void read(DocumentSink sink) throws IOException {
        List<String> relative;
        try (Stream<Path> walk = Files.walk(dir)) {
            relative = walk.filter(p -> p.getFileName().toString().toLowerCase(Locale.ROOT).endsWith(".json"))
                    .filter(Files::isRegularFile)
                    .map(p -> dir.relativize(p).toString().replace(p.getFileSystem().getSeparator(), "/"))
                    .sorted()
                    .collect(Collectors.toList());
        }
        String prefix = name();
        for (String r : relative) {
            byte[] json;
            try (InputStream in = Files.newInputStream(dir.resolve(r))) {
                json = Documents.readBounded(in, limits.maxDocumentBytes(), prefix + r);
            }
            sink.document(prefix + r, json);
        }
    }
}
