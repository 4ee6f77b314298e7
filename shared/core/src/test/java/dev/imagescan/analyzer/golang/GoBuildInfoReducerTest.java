package dev.imagescan.analyzer.golang;

import static org.assertj.core.api.Assertions.assertThat;

import dev.imagescan.analyzer.app.AppImages;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import org.junit.jupiter.api.Test;

/** The build information of a real Go binary (apps/go-hello, built by Debian's Go 1.19.8), and what is not one. */
class GoBuildInfoReducerTest {
    private final GoBuildInfoReducer reducer = new GoBuildInfoReducer();

    private byte[] reduce(byte[] file) throws IOException {
        return reducer.reduce("f", new ByteArrayInputStream(file), file.length);
    }

    @Test
    void keepsTheGoVersionAndModuleLinesOfARealBinary() throws IOException {
        String info = new String(reduce(AppImages.resource("/apps/go-hello/hello")), StandardCharsets.UTF_8);
        assertThat(info).startsWith("go\tgo1.19.8\npath\texample.com/hello\n")
                .contains("mod\texample.com/hello\t(devel)\t\n", "dep\texample.com/greet\tv1.2.3\t\n",
                        "dep\texample.com/shout\tv1.0.0\n=>\texample.com/shout2\tv1.1.0\t\n", "build\tGOOS=linux\n");
    }

    @Test
    void nothingForFilesThatAreNoGoExecutable() throws IOException {
        assertThat(reduce("#!/bin/sh\necho hi\n".getBytes(StandardCharsets.UTF_8))).isNull();
        assertThat(reduce(new byte[0])).isNull();
        byte[] hello = AppImages.resource("/apps/go-hello/hello");
        // the same ELF with the magic broken: no build information
        byte[] broken = hello.clone();
        for (int i = 0; i + GoBuildInfoReducer.MAGIC.length <= broken.length; i++) {
            if (Arrays.equals(broken, i, i + GoBuildInfoReducer.MAGIC.length, GoBuildInfoReducer.MAGIC, 0,
                    GoBuildInfoReducer.MAGIC.length)) {
                broken[i + 1] = 'X';
            }
        }
        assertThat(reduce(broken)).isNull();
        // a truncated ELF header is read without failing
        assertThat(reduce(Arrays.copyOf(hello, 100))).isNull();
    }

    @Test
    void theAnalyzerTurnsItIntoModulesAndStdlib() throws IOException {
        dev.imagescan.analyzer.PackageAnalysis a = new GoAnalyzer().analyze(new dev.imagescan.layer.MapFileView()
                .with("app/server", dev.imagescan.analyzer.app.Executables.REQUEST.reducer().reduce("app/server",
                        new ByteArrayInputStream(AppImages.resource("/apps/go-hello/hello")),
                        AppImages.resource("/apps/go-hello/hello").length)), null);
        assertThat(a.packages()).extracting(p -> p.name() + "@" + p.version())
                .containsExactly("stdlib@v1.19.8", "example.com/greet@v1.2.3", "example.com/shout2@v1.1.0");
    }
}
