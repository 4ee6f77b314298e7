package dev.imagescan.analyzer.app;

import static dev.imagescan.analyzer.app.AppImages.resource;
import static dev.imagescan.testing.LayerBuilder.layer;

import dev.imagescan.testing.ImageBuilder;
import dev.imagescan.testing.LayerBuilder;

/**
 * An image with the Ruby, .NET, PHP and Rust packages of shared/testing's {@code apps/} (sources in its README): a
 * Debian 12 base with Debian's {@code ruby-rack} installed as dpkg installs it (its files, status stanza and
 * {@code .list}), then one layer with nokogiri's specification in the gem home {@code usr/local/bundle}, a .NET
 * application's {@code deps.json}, two Composer projects (Composer 2's and Composer 1's {@code installed.json}) and
 * a Rust program carrying a cargo-auditable dependency list.
 */
public final class MoreAppImages {
    public static final String RACK_GEMSPEC = "usr/share/rubygems-integration/all/specifications/rack-2.2.22.gemspec";
    public static final String GEM_HOME = "usr/local/bundle";
    public static final String NOKOGIRI = GEM_HOME + "/specifications/nokogiri-1.13.10.gemspec";
    public static final String DEPS_JSON = "app/datacollector.deps.json";
    public static final String PHP_APP = "srv/php";
    public static final String PHP_LEGACY = "srv/legacy";
    public static final String INSTALLED = "/vendor/composer/installed.json";
    public static final String RUST = "usr/local/bin/untar";

    private MoreAppImages() {}

    /** The two-layer image. */
    public static ImageBuilder image() {
        return ImageBuilder.image()
                .layer(base(), "debian:12 with ruby-rack")
                .layer(apps(), "bundle install; dotnet publish; composer install; cargo install");
    }

    /** Debian 12 with ruby-rack unpacked and recorded as dpkg does. */
    public static LayerBuilder base() {
        AppImages.Deb deb = AppImages.Deb.read(resource("/apps/ruby-rack_2.2.22-0+deb12u2_all.deb"));
        LayerBuilder l = layer().file("etc/os-release", AppImages.OS_RELEASE)
                .file("var/lib/dpkg/status", deb.control().strip().replaceFirst("\nVersion:",
                        "\nStatus: install ok installed\nVersion:") + "\n\n")
                .file("var/lib/dpkg/info/ruby-rack.list", String.join("\n", deb.list()) + "\n");
        deb.files().forEach(l::file);
        return l;
    }

    /** The application layer. */
    public static LayerBuilder apps() {
        return layer().file(NOKOGIRI, resource("/apps/ruby/nokogiri-1.13.10.gemspec"))
                .file(DEPS_JSON, resource("/apps/dotnet/datacollector.deps.json"))
                .file(PHP_APP + INSTALLED, resource("/apps/php/installed-composer2.json"))
                .file(PHP_LEGACY + INSTALLED, resource("/apps/php/installed-composer1.json"))
                .file(RUST, resource("/apps/rust-untar/untar"), 0755);
    }
}
