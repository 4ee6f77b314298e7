package dev.imagescan.vulndb.osv;

import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;

/** One OSV JSON document in a file. */
final class JsonFileSource implements DocumentSource {
    private final Path file;
    private final String name;
    private final OsvLimits limits;

    JsonFileSource(Path file, String name, OsvLimits limits) {
        this.file = file;
        this.name = name;
        this.limits = limits;
    }

    @Override
    public String name() {
        return name;
    }

    @Override
    public void read(DocumentSink sink) throws IOException {
        byte[] json;
        try (InputStream in = Files.newInputStream(file)) {
            json = Documents.readBounded(in, limits.maxDocumentBytes(), name);
        }
        sink.document(name, json);
    }
}
