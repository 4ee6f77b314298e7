package dev.imagescan.testing.aws;

import java.io.File;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.HttpURLConnection;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Comparator;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.stream.Stream;
import software.amazon.awssdk.auth.credentials.AwsCredentialsProvider;
import software.amazon.awssdk.services.s3.S3Client;

/**
 * Adobe S3Mock (its Spring Boot {@code exec} jar, which the build copies to {@code target/local-aws/s3mock.jar}) as a
 * child JVM on a free loopback port: an S3 API with object tagging, which S3Proxy lacks (501), for the tests of the
 * tagging path. Started the first time a test asks ({@link #get}), once per JVM, so other tests do not pay its
 * start; its objects live in a temporary folder that is deleted at exit. It checks no signatures.
 */
public final class S3MockServer {
    private static final Duration START_TIMEOUT = Duration.ofSeconds(90);
    private static final String MAIN = "org.springframework.boot.loader.launch.JarLauncher";
    private static S3MockServer instance;

    private final ChildProcess process;
    private final Path root;
    private final URI endpoint;
    private final S3Client s3;

    private S3MockServer(ChildProcess process, Path root) {
        this.process = process;
        this.root = root;
        this.endpoint = URI.create("http://127.0.0.1:" + process.port());
        this.s3 = SdkClients.s3(LoopbackBackend.REGION, endpoint, credentials());
    }

    /** The server of this JVM, started now if it is not yet. */
    public static synchronized S3MockServer get() {
        if (instance == null) {
            long start = System.nanoTime();
            Path jar = jar();
            Path root;
            try {
                root = Files.createTempDirectory("imagescan-s3mock");
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
            ChildProcess process = LoopbackBackend.startOnFreePort(port -> start(jar, root, port));
            S3MockServer started = new S3MockServer(process, root);
            started.awaitHealthy();
            Runtime.getRuntime().addShutdownHook(new Thread(started::shutdown, "s3mock-shutdown"));
            System.out.printf(Locale.ROOT, "[s3mock] S3Mock (pid %d) on %s, up in %.1f s%n", process.pid(),
                    started.endpoint, (System.nanoTime() - start) / 1e9);
            instance = started;
        }
        return instance;
    }

    private static ChildProcess start(Path jar, Path root, int port) {
        String java = Path.of(System.getProperty("java.home"), "bin", "java").toString();
        String classPath = jar + File.pathSeparator + LoopbackBackend.ownLocation();
        // C1 only and the serial collector: Spring Boot's start is class loading and cold code, not hot loops
        List<String> command = List.of(java, "-Xmx384m", "-XX:+UseSerialGC", "-XX:TieredStopAtLevel=1",
                "-cp", classPath, ExitWithParent.class.getName(), MAIN,
                "--com.adobe.testing.s3mock.httpPort=" + port,
                "--server.port=0", // the HTTPS connector, which S3Mock always opens: any free port
                "--com.adobe.testing.s3mock.store.root=" + root,
                "--com.adobe.testing.s3mock.store.retainFilesOnExit=false",
                "--spring.main.banner-mode=off",
                "--logging.level.root=WARN");
        Path workDir = jar.toAbsolutePath().getParent();
        return ChildProcess.start("S3Mock", command, workDir, workDir.resolve("s3mock.log"), port, START_TIMEOUT,
                Map.of());
    }

    /** Waits for Spring Boot's health endpoint to say UP (the port opens a moment before). */
    private void awaitHealthy() {
        URI health = endpoint.resolve("/actuator/health");
        long deadline = System.nanoTime() + START_TIMEOUT.toNanos();
        String last = "no answer";
        while (System.nanoTime() < deadline) {
            try {
                HttpURLConnection connection = (HttpURLConnection) health.toURL().openConnection();
                connection.setRequestProperty("Accept", "application/json");
                connection.setConnectTimeout(1000);
                connection.setReadTimeout(5000);
                int status = connection.getResponseCode();
                if (status == 200) {
                    connection.getInputStream().close();
                    return;
                }
                last = "HTTP " + status;
                connection.disconnect();
            } catch (IOException e) {
                last = e.toString();
            }
            try {
                Thread.sleep(50);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                break;
            }
        }
        shutdown();
        throw new IllegalStateException("S3Mock is not healthy at " + health + " (" + last + "); its log ends:\n"
                + process.tail());
    }

    /** Where it listens (plain HTTP; path-style addressing). */
    public URI endpoint() {
        return endpoint;
    }

    /** The region this server answers for (any; it checks no signatures). */
    public String region() {
        return LoopbackBackend.REGION;
    }

    /** Credentials for this server (any; it checks no signatures). */
    public AwsCredentialsProvider credentials() {
        return SdkClients.credentials(LoopbackBackend.ACCESS_KEY, LoopbackBackend.SECRET_KEY);
    }

    /** A shared S3 client for this server (closed at exit). */
    public S3Client s3() {
        return s3;
    }

    /** A new empty bucket with a unique name ({@link LocalAws#uniqueName}); returns the name. */
    public String createBucket() {
        String name = LocalAws.uniqueName("bucket");
        s3.createBucket(b -> b.bucket(name));
        return name;
    }

    private void shutdown() {
        s3.close();
        process.stop();
        deleteTree(root);
    }

    private static void deleteTree(Path folder) {
        if (!Files.exists(folder)) {
            return;
        }
        try (Stream<Path> paths = Files.walk(folder)) {
            paths.sorted(Comparator.reverseOrder()).forEach(p -> p.toFile().delete());
        } catch (IOException | UncheckedIOException e) {
            System.err.println("deleting S3Mock's folder " + folder + ": " + e);
        }
    }

    private static Path jar() {
        String configured = System.getProperty("imagescan.s3mock.jar");
        if (configured == null || !Files.isRegularFile(Path.of(configured))) {
            throw new IllegalStateException("S3Mock's jar is not at " + configured + ": run the tests through Maven "
                    + "(the parent pom's s3mock-server execution copies it in a module that sets imagescan.s3mock.skip to "
                    + "${skipTests}), or set -Dimagescan.s3mock.jar=PATH");
        }
        return Path.of(configured);
    }
}
