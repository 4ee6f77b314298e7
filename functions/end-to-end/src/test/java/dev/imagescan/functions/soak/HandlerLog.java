package dev.imagescan.functions.soak;

import com.fasterxml.jackson.jr.ob.JSON;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/**
 * Reads the handlers' JSON log lines (one per message or request, on standard output, as in Lambda) and counts them:
 * outcomes by function and status, and deliveries after the first ({@code receiveCount} above 1). Lines that are not
 * a handler's go on to the original standard output. Installed as {@code System.out} before the handlers are made.
 */
final class HandlerLog extends OutputStream {
    private final PrintStream passOn;
    private final ByteArrayOutputStream line = new ByteArrayOutputStream(512);
    private final Map<String, Long> outcomes = new TreeMap<>();
    private final List<String> unexpected = new ArrayList<>();
    private final Map<String, long[]> millis = new TreeMap<>();
    private final Map<String, Long> retryReasons = new TreeMap<>();
    private long redeliveries;

    HandlerLog(PrintStream passOn) {
        this.passOn = passOn;
    }

    @Override
    public synchronized void write(int b) {
        if (b == '\n') {
            take(line.toString(StandardCharsets.UTF_8));
            line.reset();
        } else {
            line.write(b);
        }
    }

    @Override
    public synchronized void write(byte[] b, int off, int len) {
        for (int i = off; i < off + len; i++) {
            write(b[i]);
        }
    }

    private void take(String text) {
        if (!text.startsWith("{\"function\"")) {
            passOn.println(text);
            return;
        }
        Map<String, Object> fields;
        try {
            fields = JSON.std.mapFrom(text);
        } catch (IOException e) {
            passOn.println(text);
            return;
        }
        String function = String.valueOf(fields.get("function"));
        Object status = fields.containsKey("status") ? fields.get("status") : fields.get("event");
        outcomes.merge(function + " " + status, 1L, Long::sum);
        if ("RETRY".equals(status) || "GAVE_UP".equals(status)) {
            String reason = String.valueOf(fields.get("message")).replaceAll("[0-9a-f]{8}[0-9a-f-]*", "…")
                    .replaceAll("\\d+", "N").replaceAll("(bucket|table|queue)-N-[a-z]+", "$1");
            retryReasons.merge(function + " " + status + ": " + (reason.length() > 150 ? reason.substring(0, 150)
                    + "…" : reason), 1L, Long::sum);
        }
        if (fields.get("ms") instanceof Number ms) {
            long[] m = millis.computeIfAbsent(function, f -> new long[3]);
            m[0]++;
            m[1] += ms.longValue();
            m[2] = Math.max(m[2], ms.longValue());
        }
        if (fields.get("receiveCount") instanceof Number n && n.intValue() > 1) {
            redeliveries++;
        }
        if ("GAVE_UP".equals(status) || ("scan".equals(function) && "FAILED".equals(status)
                && !String.valueOf(fields.get("message")).isEmpty() && unexpected.size() < 1000)) {
            unexpected.add(text);
        }
    }

    /** Outcomes counted so far: {@code "scan DONE"} → n, {@code "api 202"} → n, … */
    synchronized Map<String, Long> outcomes() {
        return new TreeMap<>(outcomes);
    }

    /** Per function: messages or requests logged, their mean and longest milliseconds. */
    synchronized String timings() {
        StringBuilder text = new StringBuilder();
        millis.forEach((f, m) -> text.append(text.length() == 0 ? "" : "; ").append(f).append(' ').append(m[0])
                .append(" lines, mean ").append(m[0] == 0 ? 0 : m[1] / m[0]).append(" ms, longest ").append(m[2])
                .append(" ms"));
        return text.toString();
    }

    /** Why messages were asked for again (ids and numbers left out), with how often. */
    synchronized Map<String, Long> retryReasons() {
        return new TreeMap<>(retryReasons);
    }

    /** Handler log lines for deliveries after the first. */
    synchronized long redeliveries() {
        return redeliveries;
    }

    /** The lines of scans that FAILED or GAVE_UP (the checks tell the planted ones from the rest). */
    synchronized List<String> failures() {
        return List.copyOf(unexpected);
    }

    /** A print stream over this log, to install as {@code System.out}. */
    PrintStream stream() {
        return new PrintStream(this, true, StandardCharsets.UTF_8);
    }
}
