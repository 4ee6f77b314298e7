package dev.imagescan.registry;

/**
 * A registry's HTTP 401 to a request sent without credentials: the one-line reason, followed by how the command line
 * gives credentials. Callers that get their credentials elsewhere (the functions: a registry secret) put their own
 * hint after {@link #reason()}.
 */
public final class CredentialsRequiredException extends RegistryException {
    private static final long serialVersionUID = 1L;

    /** The command line's way to give credentials. */
    static final String CLI_HINT = "give --username and --password-stdin, or log in with docker login";

    private final String reason;

    /** {@code reason} (what was refused, and the registry's own words), with the command line's hint after it. */
    public CredentialsRequiredException(String reason) {
        super(reason + "; " + CLI_HINT);
        this.reason = reason;
    }

    /** The refusal without the command line's hint. */
    public String reason() {
        return reason;
    }
}
