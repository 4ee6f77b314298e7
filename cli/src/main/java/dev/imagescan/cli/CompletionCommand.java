package dev.imagescan.cli;

import java.io.PrintWriter;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.stream.Collectors;
import java.util.stream.Stream;
import org.apache.commons.cli.Options;

/**
 * {@code imagescan completion bash|zsh}: a completion script generated from the commands' own option lists, so it
 * never falls behind them. zsh runs the bash function through {@code bashcompinit}, as picocli's generated scripts
 * do. Install: {@code source <(imagescan completion bash)} in {@code ~/.bashrc}, or the zsh line in {@code ~/.zshrc}.
 */
final class CompletionCommand {
    private final PrintWriter out;
    private final PrintWriter err;
    private final Map<String, Options> commands;

    /** @param commands each command path ({@code scan}, {@code db update}, …) with its options */
    CompletionCommand(PrintWriter out, PrintWriter err, Map<String, Options> commands) {
        this.out = out;
        this.err = err;
        this.commands = new LinkedHashMap<>(commands);
    }

    int run(String... args) {
        if (args.length != 1 || !(args[0].equals("bash") || args[0].equals("zsh"))) {
            return CommandOutput.usageError(err, "completion", "give the shell: bash or zsh");
        }
        if (args[0].equals("zsh")) {
            out.println("#compdef imagescan");
            out.println("autoload -U +X bashcompinit && bashcompinit");
        }
        out.print(bash());
        out.flush();
        return ImageScanCli.OK;
    }

    private String bash() {
        StringBuilder s = new StringBuilder();
        s.append("# imagescan completion (imagescan completion bash|zsh)\n");
        s.append("_imagescan() {\n");
        s.append("  local cur=${COMP_WORDS[COMP_CWORD]} prev=${COMP_WORDS[COMP_CWORD-1]} cmd=\"\" i\n");
        s.append("  for ((i = 1; i < COMP_CWORD; i++)); do\n");
        s.append("    case ${COMP_WORDS[i]} in -*) ;; *) cmd=\"$cmd${cmd:+ }${COMP_WORDS[i]}\" ;; esac\n");
        s.append("  done\n");
        s.append("  case $prev in\n");
        s.append("    -o|--output|--db|--policy|--sbom|--ignorefile|--vex|--config|--scratch-dir|--cache-dir)\n");
        s.append("      COMPREPLY=($(compgen -f -- \"$cur\")); return ;;\n");
        s.append("    -f|--format) COMPREPLY=($(compgen -W \"table json sarif cyclonedx-vex gitlab html verdict"
                + " cyclonedx spdx-json inventory packages text\" -- \"$cur\")); return ;;\n");
        s.append("    --severity) COMPREPLY=($(compgen -W \"High Medium Low Unknown\" -- \"$cur\")); return ;;\n");
        s.append("  esac\n");
        s.append("  case $cmd in\n");
        for (Map.Entry<String, Options> c : commands.entrySet()) {
            s.append("    \"").append(c.getKey()).append("\"*) COMPREPLY=($(compgen -W \"")
                    .append(names(c.getValue())).append("\" -- \"$cur\"))\n");
            s.append("      [[ $cur != -* ]] && COMPREPLY+=($(compgen -f -- \"$cur\")); return ;;\n");
        }
        s.append("    db) COMPREPLY=($(compgen -W \"build info update export import\" -- \"$cur\")); return ;;\n");
        s.append("    completion) COMPREPLY=($(compgen -W \"bash zsh\" -- \"$cur\")); return ;;\n");
        s.append("    \"\") COMPREPLY=($(compgen -W \"scan db version completion help --help --version --config\""
                + " -- \"$cur\")); return ;;\n");
        s.append("  esac\n");
        s.append("}\n");
        s.append("complete -o filenames -F _imagescan imagescan\n");
        return s.toString();
    }

    private static String names(Options options) {
        return options.getOptions().stream()
                .flatMap(o -> o.getOpt() == null ? Stream.of("--" + o.getLongOpt())
                        : Stream.of("-" + o.getOpt(), "--" + o.getLongOpt()))
                .collect(Collectors.joining(" "));
    }
}
