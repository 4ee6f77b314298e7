package dev.imagescan.report;

import dev.imagescan.inventory.Package;
import dev.imagescan.inventory.PackageType;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * How to move an application package to a fixed version, written for where it is declared: {@code cd /srv/web && npm
 * install lodash@4.17.21}, {@code pip install 'urllib3>=1.26.17'} (for the {@code site-packages} it is in), the Java
 * archive's path and the Maven coordinates to depend on instead, {@code go get mod@v} then a rebuild of the binary
 * (a newer Go for {@code stdlib}), {@code gem install 'rack:2.2.8'} (for the gem home it is in), {@code dotnet add
 * package} in the project that builds the {@code deps.json}, {@code composer require} in the Composer project,
 * {@code cargo update --precise} then a rebuild of the binary. The fix plan gets one command per application.
 */
final class AppRemediation {
    private AppRemediation() {}

    /** The command or instruction that upgrades {@code p} to {@code version}. */
    static String command(Package p, String version) {
        return commands(List.of(new Upgrade(p, version))).get(0);
    }

    /** One upgrade of an application package. */
    record Upgrade(Package pkg, String version) {}

    /** One command per application (and ecosystem) for all of {@code upgrades}, in their order. */
    static List<String> commands(List<Upgrade> upgrades) {
        Map<String, List<Upgrade>> byApp = new LinkedHashMap<>();
        for (Upgrade u : upgrades) {
            byApp.computeIfAbsent(u.pkg.type() + "\u0000" + u.pkg.app().application(), k -> new ArrayList<>())
                    .add(u);
        }
        List<String> out = new ArrayList<>();
        for (List<Upgrade> group : byApp.values()) {
            Package first = group.get(0).pkg;
            String app = "/" + first.app().application();
            List<String> args = new ArrayList<>();
            switch (first.type()) {
                case NPM -> {
                    group.forEach(u -> args.add(u.pkg.name() + "@" + u.version));
                    out.add("cd " + app + " && npm install " + String.join(" ", args));
                }
                case PYPI -> {
                    group.forEach(u -> args.add("'" + u.pkg.name() + ">=" + u.version + "'"));
                    out.add("pip install " + String.join(" ", args) + "  # into " + app);
                }
                case GOLANG -> {
                    String go = null;
                    for (Upgrade u : group) {
                        if (u.pkg.name().equals("stdlib")) {
                            go = u.version.startsWith("v") ? u.version.substring(1) : u.version;
                        } else {
                            args.add(u.pkg.name() + "@" + (u.version.startsWith("v") ? u.version : "v" + u.version));
                        }
                    }
                    String get = args.isEmpty() ? "" : "go get " + String.join(" ", args) + " && ";
                    String with = go == null ? "" : " with Go " + go + " or later";
                    out.add(get + "rebuild " + app + with);
                }
                case MAVEN -> {
                    group.forEach(u -> args.add(u.pkg.name() + ":" + u.version));
                    out.add("depend on " + String.join(", ", args) + " instead in the build of " + app);
                }
                case GEM -> {
                    group.forEach(u -> args.add("'" + u.pkg.name() + ":" + u.version + "'"));
                    out.add("gem install " + String.join(" ", args) + "  # into " + app);
                }
                case NUGET -> {
                    group.forEach(u -> args.add("dotnet add package " + u.pkg.name() + " --version " + u.version));
                    out.add(String.join(" && ", args) + "  # in the project that builds " + app);
                }
                case COMPOSER -> {
                    group.forEach(u -> args.add(u.pkg.name() + ":^" + u.version));
                    out.add("cd " + app + " && composer require " + String.join(" ", args));
                }
                case CARGO -> {
                    group.forEach(u -> args.add("cargo update -p " + u.pkg.name() + " --precise " + u.version));
                    out.add(String.join(" && ", args) + " && rebuild " + app);
                }
                default -> throw new IllegalArgumentException(first.type() + " is no application package type");
            }
        }
        return out;
    }

    /** Whether {@code type} is a language ecosystem's (upgraded here, not by an OS package manager). */
    static boolean handles(PackageType type) {
        return !type.isOs();
    }
}
