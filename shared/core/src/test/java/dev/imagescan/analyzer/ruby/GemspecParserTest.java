package dev.imagescan.analyzer.ruby;

import static org.assertj.core.api.Assertions.assertThat;

import dev.imagescan.analyzer.PackageAnalysis;
import dev.imagescan.analyzer.app.AppImages;
import dev.imagescan.layer.MapFileView;
import java.nio.charset.StandardCharsets;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/** Gem specifications read as text: the real one RubyGems wrote for nokogiri, the literal forms, the stub line. */
class GemspecParserTest {

    @Test
    void aRealSpecificationAsRubyGemsWritesIt() {
        String text = new String(AppImages.resource("/apps/ruby/nokogiri-1.13.10.gemspec"), StandardCharsets.UTF_8);
        assertThat(GemspecParser.parse(text)).contains(new GemspecParser.Gem("nokogiri", "1.13.10"));
    }

    @ParameterizedTest
    @CsvSource(delimiter = '^', value = {
        "Gem::Specification.new do |s|\\n  s.name = \"rack\".freeze\\n  s.version = \"2.2.4\"\\nend ^ rack 2.2.4",
        "Gem::Specification.new do |spec|\\n  spec.name = 'thor'\\n  spec.version = '1.2.1'\\nend ^ thor 1.2.1",
        "Gem::Specification.new do |s|\\n  s.name = %q{json}\\n  s.version = %q<2.6.3>\\nend ^ json 2.6.3",
        "Gem::Specification.new do |s|\\n s.name = \"x\"\\n s.version = Gem::Version.new(\"1.0\")\\nend ^ x 1.0",
        "# stub: rake 13.0.6 ruby lib\\nGem::Specification.new do |s|\\n  s.name = NAME\\nend ^ rake 13.0.6",
        "  s.required_rubygems_version = Gem::Requirement.new(\">= 0\")\\n s.name = \"a\"\\n s.version = \"1\" ^ a 1"})
    void literalFormsAndTheStubLine(String text, String expected) {
        assertThat(GemspecParser.parse(text.replace("\\n", "\n")))
                .hasValueSatisfying(g -> assertThat(g.name() + " " + g.version()).isEqualTo(expected));
    }

    @Test
    void nothingToReadIsEmptyAndAProblemOfTheAnalyzer() {
        assertThat(GemspecParser.parse("Gem::Specification.new do |s|\n  s.name = name_from_elsewhere\nend\n"))
                .isEmpty();
        PackageAnalysis a = new RubyAnalyzer().analyze(new MapFileView()
                .with("usr/local/bundle/specifications/broken.gemspec", "puts 'hello'\n")
                .with("usr/local/bundle/specifications/default/json-2.6.3.gemspec",
                        "# stub: json 2.6.3 ruby lib\n")
                .with("srv/app/lib/specifications.rb", "not a gemspec"), null);
        assertThat(a.packages()).extracting(p -> p.name() + " " + p.version() + " " + p.app().application())
                .containsExactly("json 2.6.3 usr/local/bundle");
        assertThat(a.problems()).containsExactly(
                "/usr/local/bundle/specifications/broken.gemspec: no name and version assignment; skipped");
    }
}
