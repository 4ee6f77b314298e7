package dev.imagescan.testing.aws;

import java.io.File;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URI;
import java.net.URISyntaxException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.function.IntFunction;
import java.util.function.Supplier;
import org.elasticmq.rest.sqs.SQSRestServer;
import org.elasticmq.rest.sqs.SQSRestServerBuilder;

/**
 * Real servers on loopback, each on a free port, started in parallel:
 * <ul>
 * <li>S3: S3Proxy (its self-contained jar, which the build copies to {@code target/local-aws/s3proxy.jar}) as a
 *     child JVM with the in-memory {@code transient-nio2} blob store and AWS signature checks;
 * <li>DynamoDB: dynalite (npm, installed by {@code npm ci} in {@code tools/local-aws}) as a child Node process,
 *     in memory;
 * <li>SQS: ElasticMQ in this JVM;
 * <li>EventBridge: {@link LocalEventBus} in this JVM (no open-source EventBridge server exists).
 * </ul>
 * S3Proxy answers object tagging with 501 and dynalite has no UpdateTimeToLive: the backend says so.
 */
final class LoopbackBackend {
    static final String REGION = "us-east-1";
    static final String ACCESS_KEY = "test";
    static final String SECRET_KEY = "test-secret";
    private static final Duration START_TIMEOUT = Duration.ofSeconds(60);

    private LoopbackBackend() {}

    static Backend start() {
        Path workDir = workDir();
        long start = System.nanoTime();
        CompletableFuture<Timed<ChildProcess>> s3 = CompletableFuture.supplyAsync(
                () -> timed(start, () -> startS3Proxy(workDir)));
        CompletableFuture<Timed<ChildProcess>> dynamo = CompletableFuture.supplyAsync(
                () -> timed(start, () -> startDynalite(workDir)));
        List<Runnable> stops = new ArrayList<>();
        try {
            Timed<SQSRestServer> sqs = timed(start, () -> {
                SQSRestServer server = SQSRestServerBuilder.withInterface("127.0.0.1").withDynamicPort()
                        .withAWSRegion(REGION).start();
                stops.add(server::stopAndWait);
                server.waitUntilStarted();
                return server;
            });
            int sqsPort = sqs.value().waitUntilStarted().localAddress().getPort();
            Timed<ChildProcess> s3Proxy = await(s3);
            stops.add(s3Proxy.value()::stop);
            Timed<ChildProcess> dynalite = await(dynamo);
            stops.add(dynalite.value()::stop);
            LocalEventBus events = LocalEventBus.start(REGION);
            stops.add(events::close);
            return new Backend(String.format(Locale.ROOT, "S3Proxy (pid %d, %.1f s), dynalite (pid %d, %.1f s), "
                    + "ElasticMQ (in-process, %.1f s), LocalEventBus (in-process) on loopback", s3Proxy.value().pid(),
                    s3Proxy.seconds(), dynalite.value().pid(), dynalite.seconds(), sqs.seconds()), false,
                    loopback(s3Proxy.value().port()), loopback(dynalite.value().port()), loopback(sqsPort), REGION,
                    ACCESS_KEY, SECRET_KEY, false, false, events.endpoint(), events,
                    () -> stops.forEach(LoopbackBackend::quietly));
        } catch (RuntimeException e) {
            s3.thenAccept(t -> t.value().stop());
            dynamo.thenAccept(t -> t.value().stop());
            stops.forEach(LoopbackBackend::quietly);
            throw e;
        }
    }

    /** The future's value; its failure as thrown, not wrapped. */
    private static <T> T await(CompletableFuture<T> future) {
        try {
            return future.join();
        } catch (CompletionException e) {
            throw e.getCause() instanceof RuntimeException cause ? cause : e;
        }
    }

    /** A value and how long after the backend's start it was ready. */
    private record Timed<T>(T value, double seconds) {}

    private static <T> Timed<T> timed(long start, Supplier<T> task) {
        T value = task.get();
        return new Timed<>(value, (System.nanoTime() - start) / 1e9);
    }

    private static ChildProcess startS3Proxy(Path workDir) {
        Path jar = s3ProxyJar();
        return startOnFreePort(port -> {
            Path properties = workDir.resolve("s3proxy-" + port + ".properties");
            String config = String.join("\n",
                    "s3proxy.endpoint=http://127.0.0.1:" + port,
                    "s3proxy.authorization=aws-v2-or-v4",
                    "s3proxy.identity=" + ACCESS_KEY,
                    "s3proxy.credential=" + SECRET_KEY,
                    "jclouds.provider=transient-nio2",
                    "jclouds.identity=" + ACCESS_KEY,
                    "jclouds.credential=" + SECRET_KEY,
                    "");
            try {
                Files.createDirectories(workDir);
                Files.writeString(properties, config, StandardCharsets.UTF_8);
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
            String java = Path.of(System.getProperty("java.home"), "bin", "java").toString();
            String classPath = jar + File.pathSeparator + ownLocation();
            List<String> command = List.of(java, "-Xmx512m", "-XX:+UseSerialGC", "-cp", classPath,
                    ExitWithParent.class.getName(), "org.gaul.s3proxy.Main", "--properties", properties.toString());
            return ChildProcess.start("S3Proxy", command, workDir, workDir.resolve("s3proxy.log"), port,
                    START_TIMEOUT, Map.of("LOG_LEVEL", "warn"));
        });
    }

    private static ChildProcess startDynalite(Path workDir) {
        Path tools = DynaliteInstall.ensureInstalled();
        return startOnFreePort(port -> {
            List<String> command = List.of("node", "--require", tools.resolve("exit-with-parent.js").toString(),
                    tools.resolve("node_modules/dynalite/cli.js").toString(), "--host", "127.0.0.1",
                    "--port", Integer.toString(port), "--createTableMs", "0", "--deleteTableMs", "0",
                    "--updateTableMs", "0");
            return ChildProcess.start("dynalite", command, tools, workDir.resolve("dynalite.log"), port,
                    START_TIMEOUT, Map.of());
        });
    }

    /** Starts a server on a free port; if that fails (the port may have been taken in between), once more. */
    static ChildProcess startOnFreePort(IntFunction<ChildProcess> start) {
        try {
            return start.apply(ChildProcess.freePort());
        } catch (IllegalStateException first) {
            try {
                return start.apply(ChildProcess.freePort());
            } catch (IllegalStateException second) {
                second.addSuppressed(first);
                throw second;
            }
        }
    }

    private static Path s3ProxyJar() {
        String configured = System.getProperty("imagescan.s3proxy.jar");
        if (configured == null || !Files.isRegularFile(Path.of(configured))) {
            throw new IllegalStateException("S3Proxy's jar is not at " + configured + ": run the tests through Maven "
                    + "(the parent pom's local-aws-servers execution copies it; a module lists maven-dependency-plugin "
                    + "in its build plugins to get it), or set -Dimagescan.s3proxy.jar=PATH");
        }
        return Path.of(configured);
    }

    /** Where logs and configuration go: beside S3Proxy's jar (target/local-aws), else a temporary folder. */
    private static Path workDir() {
        String jar = System.getProperty("imagescan.s3proxy.jar");
        if (jar != null) {
            return Path.of(jar).toAbsolutePath().getParent();
        }
        return Path.of(System.getProperty("java.io.tmpdir"), "imagescan-local-aws");
    }

    /** The class-path entry (folder or test-jar) holding these classes, for the child JVM's watchdog. */
    static Path ownLocation() {
        try {
            return Path.of(ExitWithParent.class.getProtectionDomain().getCodeSource().getLocation().toURI());
        } catch (URISyntaxException e) {
            throw new IllegalStateException(e);
        }
    }

    private static URI loopback(int port) {
        return URI.create("http://127.0.0.1:" + port);
    }

    private static void quietly(Runnable stop) {
        try {
            stop.run();
        } catch (RuntimeException e) {
            System.err.println("stopping a local AWS server: " + e);
        }
    }
}
