package io.toggleworks.benchmarks.analytics;

import java.util.List;
import java.util.Locale;
import java.util.Map;

/** The run as two Markdown tables (ingestion, queries), the form docs/benchmarks.md shows them in. */
final class Summary {
    private Summary() {
    }

    @SuppressWarnings("unchecked")
    static String markdown(Map<String, Object> report) {
        StringBuilder b = new StringBuilder();
        Map<String, Object> host = (Map<String, Object>) report.get("host");
        b.append("Run ").append(report.get("started")).append(" .. ").append(report.get("finished")).append("; ")
                .append(host.get("nproc")).append(" CPUs (").append(host.get("cpu_model")).append("), ")
                .append(host.get("jdk")).append("; load average at start ").append(host.get("load_average_start"))
                .append(", at end ").append(report.get("load_average_end")).append(". Generator alone: ")
                .append(fmt(report.get("generator_alone_events_per_s"), 0)).append(" events/s on one thread.\n\n");
        List<Map<String, Object>> stores = (List<Map<String, Object>>) report.get("stores");
        b.append("| Store | Server | Events | Ingest | Events/s | Append p50 / p99 (ms) | Harness CPU | Server CPU |"
                + " Machine busy | Size on disk | Load before → after |\n");
        b.append("|---|---|---|---|---|---|---|---|---|---|---|\n");
        for (Map<String, Object> s : stores) {
            if (s.containsKey("skipped")) {
                b.append("| ").append(s.get("store")).append(" | skipped: ").append(s.get("skipped"))
                        .append(" |||||||||\n");
                continue;
            }
            Map<String, Object> in = (Map<String, Object>) s.get("ingest");
            if (in == null) {
                b.append("| ").append(s.get("store")).append(" | error: ").append(s.get("error")).append(" |||||||||\n");
                continue;
            }
            Map<String, Object> sizes = (Map<String, Object>) s.getOrDefault("sizes", s.get("sizes_after_ingest"));
            b.append("| ").append(s.get("store")).append(" | ").append(s.get("server")).append(" | ")
                    .append(fmt(in.get("events"), 0)).append(Boolean.TRUE.equals(in.get("complete")) ? "" : " (of "
                            + fmt(in.get("events_planned"), 0) + ", stopped at the " + in.get("budget_s") + " s budget; covers the first "
                            + fmt(in.get("days_covered"), 1) + " days)" + (in.containsKey("failure") ? " FAILED: " + in.get("failure") : ""))
                    .append(" | ").append(fmt(in.get("wall_s"), 1)).append(" s | **").append(fmt(in.get("events_per_s"), 0))
                    .append("** | ").append(fmt(in.get("append_p50_ms"), 1)).append(" / ").append(fmt(in.get("append_p99_ms"), 1))
                    .append(" | ").append(fmt(in.get("harness_cpu_s"), 1)).append(" s | ")
                    .append(in.get("server_cpu_s") == null ? "–" : fmt(in.get("server_cpu_s"), 1) + " s").append(" | ")
                    .append(in.get("machine_busy_percent") == null ? "–" : fmt(in.get("machine_busy_percent"), 0) + "%")
                    .append(" | ").append(size(sizes)).append(" | ").append(s.get("load_average_before")).append(" → ")
                    .append(in.get("load_average_after")).append(" |\n");
        }
        b.append("\n| Store | Query | Cold (ms) | Warm median (ms) | Warm reps | Rows | Sum / total | Check |\n");
        b.append("|---|---|---|---|---|---|---|---|\n");
        for (Map<String, Object> s : stores) {
            List<Map<String, Object>> queries = (List<Map<String, Object>>) s.get("queries");
            if (queries == null) {
                continue;
            }
            for (Map<String, Object> q : queries) {
                b.append("| ").append(s.get("store")).append(" | ").append(q.get("label")).append(" | ");
                if (q.containsKey("error")) {
                    b.append("error: ").append(q.get("error")).append(" ||||||\n");
                    continue;
                }
                b.append(fmt(q.get("cold_ms"), 1)).append(" | **")
                        .append(q.containsKey("warm_median_ms") ? fmt(q.get("warm_median_ms"), 1) : "–").append("** | ")
                        .append(q.get("warm_reps")).append(" | ").append(q.get("rows")).append(" | ")
                        .append(fmt(q.get("checksum"), 0)).append(" | ")
                        .append(q.containsKey("correct") ? (Boolean.TRUE.equals(q.get("correct")) ? "= events loaded"
                                : "**WRONG** (expected " + q.get("expected") + ")") : "")
                        .append(q.containsKey("warning") ? " " + q.get("warning") : "").append(" |\n");
            }
        }
        return b.toString();
    }

    private static String size(Map<String, Object> sizes) {
        if (sizes == null) {
            return "–";
        }
        if (sizes.containsKey("events_total_bytes")) {
            String s = mib(sizes.get("events_total_bytes"));
            if (sizes.containsKey("events_indexes_bytes")) {
                s += " (indexes " + mib(sizes.get("events_indexes_bytes")) + ")";
            }
            if (sizes.containsKey("active_parts")) {
                s += " (" + sizes.get("active_parts") + " parts)";
            }
            return s;
        }
        if (sizes.containsKey("jvm_heap_used_after_gc_bytes")) {
            return "heap " + mib(sizes.get("jvm_heap_used_after_gc_bytes")) + " (emulator + harness)";
        }
        return "–";
    }

    private static String mib(Object bytes) {
        return String.format(Locale.ROOT, "%,.0f MiB", ((Number) bytes).doubleValue() / (1 << 20));
    }

    private static String fmt(Object n, int decimals) {
        if (!(n instanceof Number number)) {
            return String.valueOf(n);
        }
        return String.format(Locale.ROOT, "%,." + decimals + "f", number.doubleValue());
    }
}
