package dev.imagescan.testing.registry;

import java.io.IOException;
import java.io.OutputStream;
import java.math.BigInteger;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.GeneralSecurityException;
import java.security.KeyPair;
import java.security.KeyPairGenerator;
import java.security.KeyStore;
import java.security.cert.X509Certificate;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Base64;
import java.util.Date;
import java.util.List;
import javax.net.ssl.SSLContext;
import javax.net.ssl.TrustManagerFactory;
import org.bouncycastle.asn1.x500.X500Name;
import org.bouncycastle.asn1.x509.BasicConstraints;
import org.bouncycastle.asn1.x509.Extension;
import org.bouncycastle.asn1.x509.GeneralName;
import org.bouncycastle.asn1.x509.GeneralNames;
import org.bouncycastle.cert.CertIOException;
import org.bouncycastle.cert.jcajce.JcaX509CertificateConverter;
import org.bouncycastle.cert.jcajce.JcaX509v3CertificateBuilder;
import org.bouncycastle.operator.OperatorCreationException;
import org.bouncycastle.operator.jcajce.JcaContentSignerBuilder;

/**
 * A self-signed server certificate made in the test (RSA 2048, valid from an hour ago for a day) for the names it is
 * given ({@code 127.0.0.2}, {@code localhost}: IP addresses and DNS names as subject alternative names), as a
 * registry's TLS set-up wants it (PEM certificate and PKCS#8 key) and as a user with a private CA gives it to Java
 * (a PKCS#12 trust store for {@code -Djavax.net.ssl.trustStore}).
 */
public final class TlsCertificate {
    /** The trust store's password ({@code -Djavax.net.ssl.trustStorePassword}; PKCS#12 needs one to be written). */
    public static final String TRUST_STORE_PASSWORD = "changeit";

    private final KeyPair keys;
    private final X509Certificate certificate;

    private TlsCertificate(KeyPair keys, X509Certificate certificate) {
        this.keys = keys;
        this.certificate = certificate;
    }

    /** A certificate for {@code names}: IPv4 literals become IP address names, the others DNS names. */
    public static TlsCertificate forNames(String... names) throws IOException {
        try {
            KeyPairGenerator generator = KeyPairGenerator.getInstance("RSA");
            generator.initialize(2048);
            KeyPair keys = generator.generateKeyPair();
            X500Name subject = new X500Name("CN=" + names[0]);
            Instant now = Instant.now();
            JcaX509v3CertificateBuilder builder = new JcaX509v3CertificateBuilder(subject,
                    BigInteger.valueOf(now.toEpochMilli()), Date.from(now.minusSeconds(3600)),
                    Date.from(now.plusSeconds(86_400)), subject, keys.getPublic());
            List<GeneralName> alternatives = new ArrayList<>();
            for (String name : names) {
                alternatives.add(new GeneralName(name.matches("[0-9.]+") ? GeneralName.iPAddress : GeneralName.dNSName,
                        name));
            }
            builder.addExtension(Extension.subjectAlternativeName, false,
                    new GeneralNames(alternatives.toArray(GeneralName[]::new)));
            builder.addExtension(Extension.basicConstraints, true, new BasicConstraints(false));
            X509Certificate certificate = new JcaX509CertificateConverter().getCertificate(
                    builder.build(new JcaContentSignerBuilder("SHA256withRSA").build(keys.getPrivate())));
            return new TlsCertificate(keys, certificate);
        } catch (GeneralSecurityException | OperatorCreationException | CertIOException e) {
            throw new IOException("cannot make a TLS certificate", e);
        }
    }

    /** Writes the certificate as PEM. */
    public Path writeCertificate(Path file) throws IOException {
        return Files.writeString(file, pem("CERTIFICATE", encoded()));
    }

    /** Writes the private key as PEM (PKCS#8). */
    public Path writeKey(Path file) throws IOException {
        return Files.writeString(file, pem("PRIVATE KEY", keys.getPrivate().getEncoded()));
    }

    /** Writes a PKCS#12 trust store holding the certificate as a trusted entry. */
    public Path writeTrustStore(Path file) throws IOException {
        try (OutputStream out = Files.newOutputStream(file)) {
            trustStore().store(out, TRUST_STORE_PASSWORD.toCharArray());
            return file;
        } catch (GeneralSecurityException e) {
            throw new IOException("cannot write a trust store", e);
        }
    }

    /** A TLS context trusting this certificate only (for a test's own client). */
    public SSLContext trustingContext() throws IOException {
        try {
            TrustManagerFactory trust = TrustManagerFactory.getInstance(TrustManagerFactory.getDefaultAlgorithm());
            trust.init(trustStore());
            SSLContext context = SSLContext.getInstance("TLS");
            context.init(null, trust.getTrustManagers(), null);
            return context;
        } catch (GeneralSecurityException e) {
            throw new IOException("cannot make a TLS context", e);
        }
    }

    private KeyStore trustStore() throws GeneralSecurityException, IOException {
        KeyStore store = KeyStore.getInstance("PKCS12");
        store.load(null, null);
        store.setCertificateEntry("registry", certificate);
        return store;
    }

    private byte[] encoded() throws IOException {
        try {
            return certificate.getEncoded();
        } catch (java.security.cert.CertificateEncodingException e) {
            throw new IOException(e);
        }
    }

    private static String pem(String type, byte[] der) {
        return "-----BEGIN " + type + "-----\n"
                + Base64.getMimeEncoder(64, "\n".getBytes(StandardCharsets.US_ASCII)).encodeToString(der)
                + "\n-----END " + type + "-----\n";
    }
}
