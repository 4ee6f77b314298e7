package dev.imagescan.testing.registry;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import java.io.IOException;
import java.io.OutputStream;
import java.math.BigInteger;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.GeneralSecurityException;
import java.security.KeyPair;
import java.security.KeyPairGenerator;
import java.security.Signature;
import java.security.cert.X509Certificate;
import java.time.Instant;
import java.util.Base64;
import java.util.Date;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.atomic.AtomicInteger;
import org.bouncycastle.asn1.x500.X500Name;
import org.bouncycastle.cert.jcajce.JcaX509CertificateConverter;
import org.bouncycastle.cert.jcajce.JcaX509v3CertificateBuilder;
import org.bouncycastle.operator.jcajce.JcaContentSignerBuilder;

/**
 * A small Docker token service for tests: issues RS256 JWTs (the Docker registry token specification) signed with a
 * key generated here, whose self-signed certificate the registry trusts ({@code rootcertbundle}) and finds in each
 * token's {@code x5c} header. Basic credentials are checked: the right user gets every action the scope asks for,
 * an anonymous caller only {@code pull} and only when anonymous pulls are allowed, wrong credentials a 401.
 */
public final class TokenIssuer implements AutoCloseable {
    public static final String SERVICE = "imagescan-test-registry";
    public static final String ISSUER = "imagescan-test-issuer";
    private static final ObjectMapper JSON = new ObjectMapper();

    private final HttpServer server;
    private final KeyPair keys;
    private final X509Certificate certificate;
    private final String user;
    private final String password;
    private final boolean anonymousPull;
    private final AtomicInteger issued = new AtomicInteger();

    /** Issues tokens to {@code user}/{@code password}, and pull tokens to anyone when {@code anonymousPull}. */
    public TokenIssuer(String user, String password, boolean anonymousPull) throws IOException {
        this.user = user;
        this.password = password;
        this.anonymousPull = anonymousPull;
        try {
            KeyPairGenerator generator = KeyPairGenerator.getInstance("RSA");
            generator.initialize(2048);
            keys = generator.generateKeyPair();
            X500Name name = new X500Name("CN=imagescan test token issuer");
            Instant now = Instant.now();
            JcaX509v3CertificateBuilder builder = new JcaX509v3CertificateBuilder(name, BigInteger.valueOf(now
                    .toEpochMilli()), Date.from(now.minusSeconds(3600)), Date.from(now.plusSeconds(86_400)), name,
                    keys.getPublic());
            certificate = new JcaX509CertificateConverter().getCertificate(
                    builder.build(new JcaContentSignerBuilder("SHA256withRSA").build(keys.getPrivate())));
        } catch (GeneralSecurityException | org.bouncycastle.operator.OperatorCreationException e) {
            throw new IOException("cannot make the token issuer's key and certificate", e);
        }
        server = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 0);
        server.createContext("/token", this::handle);
        server.start();
    }

    /** The URL of the token endpoint (the registry's {@code realm}). */
    public String realm() {
        return "http://127.0.0.1:" + server.getAddress().getPort() + "/token";
    }

    /** Tokens issued so far. */
    public int issued() {
        return issued.get();
    }

    Path writeCertificate(Path file) throws IOException {
        try {
            String pem = "-----BEGIN CERTIFICATE-----\n"
                    + Base64.getMimeEncoder(64, "\n".getBytes(StandardCharsets.US_ASCII))
                            .encodeToString(certificate.getEncoded())
                    + "\n-----END CERTIFICATE-----\n";
            return Files.writeString(file, pem);
        } catch (java.security.cert.CertificateEncodingException e) {
            throw new IOException(e);
        }
    }

    private void handle(HttpExchange exchange) throws IOException {
        try (exchange) {
            Map<String, String> query = query(exchange.getRequestURI().getRawQuery());
            String auth = exchange.getRequestHeaders().getFirst("Authorization");
            boolean authenticated = false;
            if (auth != null) {
                String expected = "Basic " + Base64.getEncoder().encodeToString((user + ":" + password)
                        .getBytes(StandardCharsets.UTF_8));
                if (!auth.equals(expected)) {
                    send(exchange, 401, "{\"errors\":[{\"code\":\"UNAUTHORIZED\",\"message\":\"bad credentials\"}]}");
                    return;
                }
                authenticated = true;
            }
            ObjectNode claims = claims(authenticated ? user : "", query.get("service"));
            ArrayNode access = claims.putArray("access");
            String scope = query.get("scope");
            if (scope != null) {
                String[] parts = scope.split(":");
                if (parts.length == 3 && parts[0].equals("repository")) {
                    ObjectNode entry = access.addObject().put("type", "repository").put("name", parts[1]);
                    ArrayNode actions = entry.putArray("actions");
                    for (String action : parts[2].split(",")) {
                        if (authenticated || anonymousPull && action.equals("pull")) {
                            actions.add(action);
                        }
                    }
                }
            }
            String token = sign(claims);
            issued.incrementAndGet();
            send(exchange, 200, JSON.writeValueAsString(JSON.createObjectNode().put("token", token)
                    .put("expires_in", 300)));
        } catch (GeneralSecurityException e) {
            throw new IOException(e);
        }
    }

    /**
     * A token for the user, with {@code actions} on {@code repository}, as this service issues it to the user's
     * credentials: what Harbor's core makes for a scan job and passes to its scanner as the registry's Bearer token.
     */
    public String token(String repository, String... actions) throws IOException {
        ObjectNode claims = claims(user, SERVICE);
        ArrayNode granted = claims.putArray("access").addObject().put("type", "repository").put("name", repository)
                .putArray("actions");
        for (String action : actions) {
            granted.add(action);
        }
        try {
            String token = sign(claims);
            issued.incrementAndGet();
            return token;
        } catch (GeneralSecurityException e) {
            throw new IOException(e);
        }
    }

    private static ObjectNode claims(String subject, String audience) {
        long now = Instant.now().getEpochSecond();
        return JSON.createObjectNode().put("iss", ISSUER).put("sub", subject).put("aud", audience)
                .put("exp", now + 300).put("nbf", now - 10).put("iat", now).put("jti", UUID.randomUUID().toString());
    }

    private String sign(ObjectNode claims) throws GeneralSecurityException, IOException {
        ObjectNode header = JSON.createObjectNode().put("typ", "JWT").put("alg", "RS256");
        header.putArray("x5c").add(Base64.getEncoder().encodeToString(certificate.getEncoded()));
        Base64.Encoder url = Base64.getUrlEncoder().withoutPadding();
        String signingInput = url.encodeToString(JSON.writeValueAsBytes(header)) + "."
                + url.encodeToString(JSON.writeValueAsBytes(claims));
        Signature rsa = Signature.getInstance("SHA256withRSA");
        rsa.initSign(keys.getPrivate());
        rsa.update(signingInput.getBytes(StandardCharsets.US_ASCII));
        return signingInput + "." + url.encodeToString(rsa.sign());
    }

    private static Map<String, String> query(String raw) {
        Map<String, String> map = new LinkedHashMap<>();
        if (raw == null) {
            return map;
        }
        for (String pair : raw.split("&")) {
            int eq = pair.indexOf('=');
            if (eq > 0) {
                map.put(URLDecoder.decode(pair.substring(0, eq), StandardCharsets.UTF_8),
                        URLDecoder.decode(pair.substring(eq + 1), StandardCharsets.UTF_8));
            }
        }
        return map;
    }

    private static void send(HttpExchange exchange, int status, String body) throws IOException {
        byte[] bytes = body.getBytes(StandardCharsets.UTF_8);
        exchange.getResponseHeaders().set("Content-Type", "application/json");
        exchange.sendResponseHeaders(status, bytes.length);
        try (OutputStream out = exchange.getResponseBody()) {
            out.write(bytes);
        }
    }

    @Override
    public void close() {
        server.stop(0);
    }
}
