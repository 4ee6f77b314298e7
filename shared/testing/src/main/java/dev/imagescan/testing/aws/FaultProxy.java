package dev.imagescan.testing.aws;

import java.io.BufferedInputStream;
import java.io.BufferedOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.net.URI;
import java.util.ArrayList;
import java.util.EnumMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.Set;
import java.util.TreeMap;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.atomic.AtomicLong;

/**
 * A fault-injecting forwarder in front of one local server (S3, DynamoDB or SQS), on a free loopback port: clients
 * are pointed at {@link #endpoint()} and each request is either passed on to the server byte for byte (the SigV4
 * signature still holds, since the host header and the signed headers are unchanged) or, for a fraction
 * {@link #rate} of requests, answered with a {@link Fault} of that service (one kind chosen at random among those
 * given), as the real service answers a 500, a 503 SlowDown or a throttled request. The ambiguous kinds
 * ({@link Fault#afterWrite()}) forward the request and replace only its answer.
 *
 * <p>The draws come from one {@link Random} seeded by the caller, one draw per request in the order requests arrive:
 * a run with one client thread is reproducible; with several, the same sequence of decisions falls on requests in
 * the order the threads happened to send them. {@link #injected()} and {@link #forwarded()} count what was done.
 *
 * <p>HTTP/1.1 with persistent connections, {@code Content-Length} or chunked bodies and {@code Expect: 100-continue}
 * (what the SDK's Apache client sends); no pipelining (the SDK does not pipeline). A fault closes the connection
 * after its answer. JDK only; for tests.
 */
public final class FaultProxy implements AutoCloseable {
    /** The services a proxy can stand in front of (the protocol of its faults). */
    public enum Service { S3, DYNAMODB, SQS }

    private final Service service;
    private final InetSocketAddress target;
    private final ServerSocket server;
    private final ExecutorService connections;
    private final Random random;
    private final List<Fault> kinds;
    private final Set<Socket> open = ConcurrentHashMap.newKeySet();
    private final Map<Fault, AtomicLong> injected = new EnumMap<>(Fault.class);
    private final Map<String, AtomicLong> injectedByOperation = new ConcurrentHashMap<>();
    private final AtomicLong forwarded = new AtomicLong();
    private final AtomicLong requestIds = new AtomicLong();
    private final List<Planned> planned = new ArrayList<>();
    private volatile double rate;

    /** Faults asked for by {@link #failNext}: {@code left} more requests of {@code operation}. */
    private static final class Planned {
        final Fault fault;
        final String operation;
        int left;

        Planned(Fault fault, String operation, int left) {
            this.fault = fault;
            this.operation = operation;
            this.left = left;
        }
    }

    private FaultProxy(Service service, URI target, ServerSocket server, long seed, double rate, List<Fault> kinds) {
        this.service = service;
        this.target = new InetSocketAddress(target.getHost(), target.getPort());
        this.server = server;
        this.random = new Random(seed);
        this.rate = rate;
        this.kinds = List.copyOf(kinds);
        for (Fault f : Fault.values()) {
            injected.put(f, new AtomicLong());
        }
        this.connections = Executors.newCachedThreadPool(r -> {
            Thread t = new Thread(r, "fault-proxy-" + service.name().toLowerCase(java.util.Locale.ROOT));
            t.setDaemon(true);
            return t;
        });
    }

    /**
     * A proxy for {@code service} at {@code target} (a loopback endpoint), failing a fraction {@code rate} (0 to 1)
     * of requests with one of {@code kinds} (each of {@code service}), drawn from a {@link Random} seeded with
     * {@code seed}.
     */
    public static FaultProxy start(Service service, URI target, double rate, List<Fault> kinds, long seed) {
        for (Fault f : kinds) {
            if (f.service() != service) {
                throw new IllegalArgumentException(f + " is not a fault of " + service);
            }
        }
        if (rate > 0 && kinds.isEmpty()) {
            throw new IllegalArgumentException("a rate above 0 needs at least one kind of fault");
        }
        try {
            ServerSocket server = new ServerSocket(0, 200, InetAddress.getLoopbackAddress());
            FaultProxy proxy = new FaultProxy(service, target, server, seed, 0, kinds);
            proxy.rate(rate);
            Thread accept = new Thread(proxy::accept, "fault-proxy-accept-" + server.getLocalPort());
            accept.setDaemon(true);
            accept.start();
            return proxy;
        } catch (IOException e) {
            throw new IllegalStateException("starting a fault proxy: " + e.getMessage(), e);
        }
    }

    /** Where clients send their requests. */
    public URI endpoint() {
        return URI.create("http://127.0.0.1:" + server.getLocalPort());
    }

    public Service service() {
        return service;
    }

    /** Sets the fraction of requests answered with a fault from now on (0: none, as set-up and checks want). */
    public void rate(double rate) {
        if (rate < 0 || rate > 1) {
            throw new IllegalArgumentException("a fault rate is from 0 to 1, not " + rate);
        }
        this.rate = rate;
    }

    /**
     * Answers the next {@code count} requests of {@code operation} with {@code fault}, whatever the rate: the
     * operation is the last part of the {@code X-Amz-Target} header ({@code UpdateItem}, {@code SendMessage}) or, for
     * S3, the HTTP method ({@code PUT}). For tests of one failure at one place.
     */
    public void failNext(Fault fault, String operation, int count) {
        if (fault.service() != service) {
            throw new IllegalArgumentException(fault + " is not a fault of " + service);
        }
        synchronized (planned) {
            planned.add(new Planned(fault, operation, count));
        }
    }

    /** The faults answered so far, by kind (kinds never drawn are left out). */
    public Map<Fault, Long> injected() {
        Map<Fault, Long> counts = new EnumMap<>(Fault.class);
        injected.forEach((f, n) -> {
            if (n.get() > 0) {
                counts.put(f, n.get());
            }
        });
        return counts;
    }

    /** The faults answered so far, by operation ({@code PUT}, {@code DynamoDB_20120810.UpdateItem}, …). */
    public Map<String, Long> injectedByOperation() {
        Map<String, Long> counts = new TreeMap<>();
        injectedByOperation.forEach((op, n) -> counts.put(op, n.get()));
        return counts;
    }

    /** The requests passed on to the server so far (the ambiguous faults' included). */
    public long forwarded() {
        return forwarded.get();
    }

    @Override
    public void close() {
        try {
            server.close();
        } catch (IOException e) {
            // closing anyway
        }
        for (Socket s : new ArrayList<>(open)) {
            closeQuietly(s);
        }
        connections.shutdownNow();
    }

    private void accept() {
        while (!server.isClosed()) {
            try {
                Socket client = server.accept();
                open.add(client);
                connections.execute(() -> serve(client));
            } catch (IOException e) {
                return; // closed
            }
        }
    }

    /** One client connection: its requests one after another, over one connection to the server. */
    private void serve(Socket client) {
        Socket backend = null;
        try {
            client.setSoTimeout(300_000);
            InputStream in = new BufferedInputStream(client.getInputStream());
            OutputStream out = new BufferedOutputStream(client.getOutputStream());
            InputStream backendIn = null;
            OutputStream backendOut = null;
            while (true) {
                HttpHead request = HttpHead.read(in);
                if (request == null) {
                    return;
                }
                Fault fault = plannedFor(request);
                if (fault == null) {
                    fault = draw();
                }
                String method = request.method();
                if (fault != null && !fault.afterWrite()) {
                    answer(fault, request, out);
                    return;
                }
                if (backend == null) {
                    backend = new Socket();
                    backend.connect(target, 5_000);
                    backend.setSoTimeout(300_000);
                    open.add(backend);
                    backendIn = new BufferedInputStream(backend.getInputStream());
                    backendOut = new BufferedOutputStream(backend.getOutputStream());
                }
                forwarded.incrementAndGet();
                backendOut.write(request.bytes());
                backendOut.flush();
                HttpHead response;
                if (request.expectsContinue()) {
                    response = HttpHead.read(backendIn);
                    if (response == null) {
                        return;
                    }
                    if (response.status() != 100) { // a final answer before the body: the client sends none
                        relay(response, method, backendIn, out, fault, request);
                        return;
                    }
                    out.write(response.bytes());
                    out.flush();
                }
                if (request.requestHasBody()) {
                    request.copyRequestBody(in, backendOut);
                    backendOut.flush();
                }
                do {
                    response = HttpHead.read(backendIn);
                    if (response == null) {
                        return;
                    }
                } while (response.status() == 100);
                if (!relay(response, method, backendIn, out, fault, request)) {
                    return;
                }
            }
        } catch (IOException | RuntimeException e) {
            // the client or the server went away: so does this connection
        } finally {
            closeQuietly(client);
            if (backend != null) {
                closeQuietly(backend);
            }
        }
    }

    /**
     * Passes the server's response on, or, with an ambiguous fault, reads it and answers the fault instead; true when
     * the connection can carry another request.
     */
    private boolean relay(HttpHead response, String method, InputStream backendIn, OutputStream out, Fault fault,
            HttpHead request) throws IOException {
        if (fault != null) {
            response.copyResponseBody(method, backendIn, OutputStream.nullOutputStream());
            answer(fault, request, out);
            return false;
        }
        out.write(response.bytes());
        response.copyResponseBody(method, backendIn, out);
        out.flush();
        return !response.closes() && !response.bodyUntilClose(method);
    }

    private void answer(Fault fault, HttpHead request, OutputStream out) throws IOException {
        injected.get(fault).incrementAndGet();
        String operation = request.amzTarget() != null ? request.amzTarget() : request.method();
        injectedByOperation.computeIfAbsent(operation, k -> new AtomicLong()).incrementAndGet();
        String requestId = String.format("FAULT%011d", requestIds.incrementAndGet());
        out.write(fault.response(request.method(), requestId));
        out.flush();
    }

    /** A fault asked for by {@link #failNext} for this request, or null. */
    private Fault plannedFor(HttpHead request) {
        String target = request.amzTarget();
        String operation = target == null ? request.method() : target.substring(target.lastIndexOf('.') + 1);
        synchronized (planned) {
            for (Planned p : planned) {
                if (p.left > 0 && p.operation.equals(operation)) {
                    p.left--;
                    return p.fault;
                }
            }
        }
        return null;
    }

    /** The fault for the next request, or null to pass it on. */
    private Fault draw() {
        double now = rate;
        synchronized (random) {
            double d = random.nextDouble();
            int pick = random.nextInt(Math.max(1, kinds.size()));
            return d < now && !kinds.isEmpty() ? kinds.get(pick) : null;
        }
    }

    private void closeQuietly(Socket s) {
        open.remove(s);
        try {
            s.close();
        } catch (IOException e) {
            // already gone
        }
    }
}
