package dev.imagescan.vulndb.oracle;

import dev.imagescan.vulndb.AdvisorySource;
import dev.imagescan.vulndb.FeedSource;
import dev.imagescan.vulndb.fetch.FeedLocations;
import java.io.BufferedInputStream;
import java.io.IOException;
import java.io.InputStream;
import org.apache.commons.compress.compressors.bzip2.BZip2CompressorInputStream;

/**
 * Oracle Linux's ELSA OVAL as an {@link AdvisorySource} ({@link ElsaOvalParser}): the whole history in
 * {@code com.oracle.elsa-all.xml.bz2} by default, or the files given (per year or per release; bzip2 or plain XML,
 * told apart by their first bytes). Decompressed as it is parsed (commons-compress), bounded by the fetch limits.
 */
public final class OracleElsaSource extends FeedSource {
    /** The official file: every ELSA of every release. */
    public static final String OFFICIAL_URL = "https://linux.oracle.com/security/oval/com.oracle.elsa-all.xml.bz2";

    public OracleElsaSource(FeedLocations feeds) {
        super("oracle", feeds);
    }

    @Override
    public String read(RecordSink sink) throws IOException {
        return feeds.readEach(in -> {
            InputStream raw = new BufferedInputStream(in.stream(), 1 << 16);
            raw.mark(3);
            boolean bzip2 = raw.read() == 'B' && raw.read() == 'Z' && raw.read() == 'h';
            raw.reset();
            try (InputStream xml = bzip2 ? new BZip2CompressorInputStream(raw, true) : raw) {
                ElsaOvalParser.parse(xml, in.name(), sink::record);
            }
        });
    }
}
