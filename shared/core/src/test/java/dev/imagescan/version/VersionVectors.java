package dev.imagescan.version;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.function.ToIntBiFunction;
import org.junit.jupiter.params.provider.Arguments;

/** Reads {@code a<TAB>b<TAB>expected} vector files from the test classpath, strictly. */
final class VersionVectors {

    private VersionVectors() {}

    /** One vector: {@code compare(a, b)} must be {@code expected} (-1, 0 or 1). */
    record Vector(String a, String b, int expected, int line) {}

    /**
      * All vectors of a resource: lines starting with {@code #} are comments, the first other line
      * must be the header {@code a b expected}, every other line must have exactly three tab-separated
      * fields (no trimming: whitespace is data). Any malformed line fails loudly rather than being
      * skipped.
      */
    static List<Vector> read(String resource) {
        final InputStream in = VersionVectors.class.getResourceAsStream(resource);
        if (in == null) {
            throw new IllegalStateException("missing test resource " + resource);
        }
        final List<Vector> vectors = new ArrayList<>();
        try (BufferedReader r = new BufferedReader(new InputStreamReader(in, StandardCharsets.UTF_8))) {
            boolean header = false;
            int lineNo = 0;
            for (String line = r.readLine(); line != null; line = r.readLine()) {
                lineNo++;
                if (line.startsWith("#")) {
                    continue;
                }
                if (!header) {
                    if (!line.equals("a\tb\texpected")) {
                        throw new IllegalStateException(resource + ":" + lineNo + ": bad header: " + line);
                    }
                    header = true;
                    continue;
                }
                final String[] f = line.split("\t", -1);
                if (f.length != 3 || !f[2].matches("-1|0|1")) {
                    throw new IllegalStateException(resource + ":" + lineNo + ": bad vector: " + line);
                }
                vectors.add(new Vector(f[0], f[1], Integer.parseInt(f[2]), lineNo));
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return vectors;
    }

    /**
      * Every line of a resource, split at {@code \n} only (so a stray {@code \r} stays visible), the
      * newline ending the last line not making an extra empty one.
      */
    static List<String> lines(String resource) {
        try (InputStream in = VersionVectors.class.getResourceAsStream(resource)) {
            if (in == null) {
                throw new IllegalStateException("missing test resource " + resource);
            }
            final String text = new String(in.readAllBytes(), StandardCharsets.UTF_8);
            final List<String> lines = new ArrayList<>(List.of(text.split("\n", -1)));
            if (lines.get(lines.size() - 1).isEmpty()) {
                lines.remove(lines.size() - 1);
            }
            return lines;
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** The vectors as JUnit arguments {@code (a, b, expected)}. */
    static List<Arguments> arguments(String resource) {
        return read(resource).stream().map(v -> Arguments.of(v.a(), v.b(), v.expected())).toList();
    }

    /**
      * Checks every vector of a resource both ways round ({@code compare(b, a) == -expected}) and
      * returns one line per mismatch, so a failure shows them all at once.
      */
    static List<String> mismatches(String resource, ToIntBiFunction<String, String> compare) {
        final List<String> bad = new ArrayList<>();
        for (Vector v : read(resource)) {
            final int ab = compare.applyAsInt(v.a(), v.b());
            final int ba = compare.applyAsInt(v.b(), v.a());
            if (ab != v.expected() || ba != -v.expected()) {
                bad.add(String.format("%s:%d: '%s' vs '%s': expected %d, got %d (reversed %d)",
                        resource, v.line(), v.a(), v.b(), v.expected(), ab, ba));
            }
        }
        return bad;
    }
}
