package io.toggleworks.els.metrics;

import java.util.Locale;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicLongArray;
import java.util.concurrent.atomic.LongAdder;
import java.util.function.LongSupplier;

/**
 * Prometheus metrics of the Evaluation Server, in the text exposition format. Hand-rolled: a handful of counters,
 * gauges and one histogram do not justify a metrics library on the hot path of every WebSocket message.
 */
public final class ElsMetrics {
    private static final double[] LATENCY_BUCKETS = {0.0005, 0.001, 0.0025, 0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5};

    private final Map<String, LongAdder> counters = new ConcurrentHashMap<>();
    private final Map<String, LongSupplier> gauges = new ConcurrentHashMap<>();
    private final Map<String, Histogram> histograms = new ConcurrentHashMap<>();
    private final Map<String, String> help = new ConcurrentHashMap<>();

    public ElsMetrics() {
        help.put("els_connections", "gauge|Open SDK WebSocket connections");
        help.put("els_connections_opened_total", "counter|WebSocket connections accepted");
        help.put("els_handshakes_rejected_total", "counter|WebSocket handshakes closed at once (4003 invalid, 1011 unavailable)");
        help.put("els_messages_in_total", "counter|WebSocket messages received, by message type");
        help.put("els_messages_out_total", "counter|WebSocket messages sent, by message type");
        help.put("els_messages_ignored_total", "counter|Inbound WebSocket messages ignored, by reason");
        help.put("els_connections_closed_by_server_total", "counter|Connections the server closed, by close code");
        help.put("els_data_sync_seconds", "histogram|Time from a data-sync request to its reply being written");
        help.put("els_changes_received_total", "counter|Change messages received from the real-time topics or found by resync");
        help.put("els_change_pushes_total", "counter|Patches pushed to connections after a change");
        help.put("els_job_messages_published_total", "counter|Job messages handed to the message queue");
        help.put("els_job_messages_pending", "gauge|Job messages buffered, not yet handed to the message queue");
        help.put("els_http_requests_total", "counter|HTTP requests, by route and status");
        help.put("els_environments_loaded", "gauge|Environments held in memory");
        help.put("els_store_errors_total", "counter|Store calls that failed");
    }

    public void inc(String name, String... labels) {
        add(name, 1, labels);
    }

    public void add(String name, long n, String... labels) {
        counters.computeIfAbsent(key(name, labels), k -> new LongAdder()).add(n);
    }

    public long count(String name, String... labels) {
        LongAdder a = counters.get(key(name, labels));
        return a == null ? 0 : a.sum();
    }

    public void gauge(String name, LongSupplier value, String... labels) {
        gauges.put(key(name, labels), value);
    }

    public void observeSeconds(String name, double seconds, String... labels) {
        histograms.computeIfAbsent(key(name, labels), k -> new Histogram()).observe(seconds);
    }

    private static String key(String name, String... labels) {
        if (labels.length == 0) {
            return name;
        }
        StringBuilder sb = new StringBuilder(name).append('{');
        for (int i = 0; i + 1 < labels.length; i += 2) {
            if (i > 0) {
                sb.append(',');
            }
            sb.append(labels[i]).append("=\"").append(labels[i + 1].replace("\\", "\\\\").replace("\"", "\\\"")).append('"');
        }
        return sb.append('}').toString();
    }

    private static String nameOf(String key) {
        int brace = key.indexOf('{');
        return brace < 0 ? key : key.substring(0, brace);
    }

    /** The Prometheus text format (version 0.0.4). */
    public String scrape() {
        Map<String, StringBuilder> families = new TreeMap<>();
        new TreeMap<>(counters).forEach((k, v) -> family(families, k).append(k).append(' ').append(v.sum()).append('\n'));
        new TreeMap<>(gauges).forEach((k, v) -> family(families, k).append(k).append(' ').append(v.getAsLong()).append('\n'));
        new TreeMap<>(histograms).forEach((k, h) -> h.write(family(families, k), k));
        StringBuilder out = new StringBuilder();
        families.forEach((name, body) -> {
            String[] h = help.getOrDefault(name, "untyped|").split("\\|", 2);
            out.append("# HELP ").append(name).append(' ').append(h[1]).append('\n');
            out.append("# TYPE ").append(name).append(' ').append(h[0]).append('\n');
            out.append(body);
        });
        return out.toString();
    }

    private static StringBuilder family(Map<String, StringBuilder> families, String key) {
        return families.computeIfAbsent(nameOf(key), n -> new StringBuilder());
    }

    private static final class Histogram {
        private final AtomicLongArray buckets = new AtomicLongArray(LATENCY_BUCKETS.length);
        private final LongAdder count = new LongAdder();
        private final LongAdder sumNanos = new LongAdder();

        void observe(double seconds) {
            for (int i = 0; i < LATENCY_BUCKETS.length; i++) {
                if (seconds <= LATENCY_BUCKETS[i]) {
                    buckets.incrementAndGet(i);
                    break;
                }
            }
            count.increment();
            sumNanos.add((long) (seconds * 1e9));
        }

        void write(StringBuilder sb, String key) {
            String name = nameOf(key);
            String labels = key.length() > name.length() ? key.substring(name.length() + 1, key.length() - 1) : "";
            String sep = labels.isEmpty() ? "" : ",";
            long cumulative = 0;
            for (int i = 0; i < LATENCY_BUCKETS.length; i++) {
                cumulative += buckets.get(i);
                sb.append(name).append("_bucket{").append(labels).append(sep).append("le=\"")
                        .append(String.format(Locale.ROOT, "%s", LATENCY_BUCKETS[i])).append("\"} ").append(cumulative).append('\n');
            }
            long total = count.sum();
            sb.append(name).append("_bucket{").append(labels).append(sep).append("le=\"+Inf\"} ").append(total).append('\n');
            String braces = labels.isEmpty() ? "" : "{" + labels + "}";
            sb.append(name).append("_sum").append(braces).append(' ').append(sumNanos.sum() / 1e9).append('\n');
            sb.append(name).append("_count").append(braces).append(' ').append(total).append('\n');
        }
    }
}
