package dev.imagescan.image;

import java.util.Locale;

/** An image platform: {@code os/architecture[/variant]}, e.g. {@code linux/amd64} or {@code linux/arm64/v8}. */
public record Platform(String os, String architecture, String variant) {
    public static final Platform LINUX_AMD64 = new Platform("linux", "amd64", null);

    public Platform {
        if (os == null || os.isBlank() || architecture == null || architecture.isBlank()) {
            throw new IllegalArgumentException("a platform needs an os and an architecture");
        }
        variant = variant == null || variant.isBlank() ? null : variant;
    }

    /** Parses {@code os/arch[/variant]}; throws IllegalArgumentException with a readable message otherwise. */
    public static Platform parse(String text) {
        String[] parts = text.trim().toLowerCase(Locale.ROOT).split("/", -1);
        if (parts.length < 2 || parts.length > 3 || parts[0].isEmpty() || parts[1].isEmpty()) {
            throw new IllegalArgumentException("platform '" + text + "' is not of the form os/arch[/variant], e.g. linux/arm64");
        }
        return new Platform(parts[0], parts[1], parts.length == 3 ? parts[2] : null);
    }

    /**
     * Whether an image of platform {@code candidate} satisfies this request. A request without a variant takes any
     * variant; arm64's {@code v8} and no variant are the same thing.
     */
    public boolean accepts(Platform candidate) {
        if (!os.equals(candidate.os) || !architecture.equals(candidate.architecture)) {
            return false;
        }
        if (variant == null) {
            return true;
        }
        return variant.equals(normalVariant(candidate));
    }

    private String normalVariant(Platform p) {
        if (p.variant == null && p.architecture.equals("arm64")) {
            return "v8";
        }
        return p.variant;
    }

    @Override
    public String toString() {
        return os + "/" + architecture + (variant == null ? "" : "/" + variant);
    }
}
