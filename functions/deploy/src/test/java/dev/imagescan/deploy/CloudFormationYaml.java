package dev.imagescan.deploy;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.io.Reader;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import org.yaml.snakeyaml.LoaderOptions;
import org.yaml.snakeyaml.Yaml;
import org.yaml.snakeyaml.constructor.AbstractConstruct;
import org.yaml.snakeyaml.constructor.SafeConstructor;
import org.yaml.snakeyaml.nodes.MappingNode;
import org.yaml.snakeyaml.nodes.Node;
import org.yaml.snakeyaml.nodes.ScalarNode;
import org.yaml.snakeyaml.nodes.SequenceNode;
import org.yaml.snakeyaml.nodes.Tag;

/**
 * Reads a CloudFormation (or SAM) template written in YAML into a Jackson tree, its short-form intrinsic functions
 * ({@code !Ref X}, {@code !Sub "…"}, {@code !GetAtt A.B}, …) turned into the long forms CloudFormation itself reads
 * ({@code {"Ref": "X"}}, {@code {"Fn::Sub": "…"}}, {@code {"Fn::GetAtt": ["A", "B"]}}), so the tree can be checked
 * against JSON schemas and walked like the JSON form of the template.
 */
final class CloudFormationYaml {
    /** The short tags CloudFormation defines; each but {@code !Ref} and {@code !Condition} is {@code Fn::<name>}. */
    private static final List<String> FUNCTIONS = List.of("And", "Base64", "Cidr", "Equals", "FindInMap", "GetAtt",
            "GetAZs", "If", "ImportValue", "Join", "Length", "Not", "Or", "Select", "Split", "Sub", "ToJsonString",
            "Transform", "Contains", "EachMemberEquals", "EachMemberIn", "RefAll", "ValueOf", "ValueOfAll");
    private static final ObjectMapper JSON = new ObjectMapper();

    private CloudFormationYaml() {}

    /** The template at {@code file} as a tree of long-form intrinsic functions. */
    static JsonNode read(Path file) {
        try (Reader in = Files.newBufferedReader(file, StandardCharsets.UTF_8)) {
            Object document = new Yaml(new IntrinsicConstructor()).load(in);
            return JSON.valueToTree(document);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** YAML's safe types plus one construct per CloudFormation tag. */
    private static final class IntrinsicConstructor extends SafeConstructor {
        IntrinsicConstructor() {
            super(new LoaderOptions());
            yamlConstructors.put(new Tag("!Ref"), new Intrinsic("Ref"));
            yamlConstructors.put(new Tag("!Condition"), new Intrinsic("Condition"));
            for (String function : FUNCTIONS) {
                yamlConstructors.put(new Tag("!" + function), new Intrinsic("Fn::" + function));
            }
        }

        /** A tagged node of any kind → a one-entry map from the function's long name to the node's value. */
        private final class Intrinsic extends AbstractConstruct {
            private final String name;

            Intrinsic(String name) {
                this.name = name;
            }

            @Override
            public Object construct(Node node) {
                Object value;
                if (node instanceof ScalarNode scalar) {
                    String text = constructScalar(scalar);
                    // !GetAtt Resource.Attribute(.More) is ["Resource", "Attribute(.More)"] in the long form
                    value = name.equals("Fn::GetAtt") && text.contains(".")
                            ? Arrays.asList(text.split("\\.", 2)) : text;
                } else if (node instanceof SequenceNode sequence) {
                    value = constructSequence(sequence);
                } else {
                    value = constructMapping((MappingNode) node);
                }
                return Map.of(name, value);
            }
        }
    }
}
