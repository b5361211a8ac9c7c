package io.toggleworks.conformance.browser;

import io.toggleworks.core.json.Json;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * What issue 6 item 5 asks to publish about the standalone platform: time from launch to ready, resident memory
 * ({@code /proc/<pid>/status}) and the Java heap ({@code jcmd <pid> GC.heap_info}), with the machine's load average,
 * because on a shared machine a number without its load means little. Linux only; missing parts are left empty.
 */
record Measurements(long pid, double readySeconds, double selfReportedReadySeconds, long vmRssKb, long vmHwmKb,
                    long heapUsedKb, long heapCommittedKb, long liveHeapKb, String heapInfo, String loadAverage,
                    int cpus, String at) {

    private static final Pattern G1_TOTAL = Pattern.compile("garbage-first heap\\s+total (?:reserved \\d+K, committed )?(\\d+)K, used (\\d+)K");
    private static final Pattern ANY_TOTAL = Pattern.compile("total (\\d+)K, used (\\d+)K");

    static Measurements of(long pid, double readySeconds, double selfReported) {
        String load = read(Path.of("/proc/loadavg")).strip();
        Map<String, Long> status = procStatus(pid);
        String heap = jcmd(pid, "GC.heap_info");
        long[] usedCommitted = heap(heap);
        // The live set: what the platform really keeps, after a full collection (measured last: it changes the RSS).
        jcmd(pid, "GC.run");
        long[] live = heap(jcmd(pid, "GC.heap_info"));
        return new Measurements(pid, round(readySeconds), selfReported, status.getOrDefault("VmRSS", -1L),
                status.getOrDefault("VmHWM", -1L), usedCommitted[0], usedCommitted[1], live[0], heap.strip(), load,
                Runtime.getRuntime().availableProcessors(), Instant.now().toString());
    }

    /** {used, committed} in KB from {@code GC.heap_info}, or -1s. */
    private static long[] heap(String heapInfo) {
        Matcher m = G1_TOTAL.matcher(heapInfo);
        if (m.find() || (m = ANY_TOTAL.matcher(heapInfo)).find()) {
            return new long[] {Long.parseLong(m.group(2)), Long.parseLong(m.group(1))};
        }
        return new long[] {-1, -1};
    }

    String toJson() {
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("pid", pid);
        m.put("launchToReadySeconds", readySeconds);
        m.put("selfReportedReadySeconds", selfReportedReadySeconds);
        m.put("rssMb", vmRssKb < 0 ? -1 : vmRssKb / 1024);
        m.put("peakRssMb", vmHwmKb < 0 ? -1 : vmHwmKb / 1024);
        m.put("heapUsedMb", heapUsedKb < 0 ? -1 : heapUsedKb / 1024);
        m.put("heapCommittedMb", heapCommittedKb < 0 ? -1 : heapCommittedKb / 1024);
        m.put("liveHeapAfterFullGcMb", liveHeapKb < 0 ? -1 : liveHeapKb / 1024);
        m.put("loadAverage", loadAverage);
        m.put("cpus", cpus);
        m.put("javaVersion", System.getProperty("java.version"));
        m.put("at", at);
        m.put("heapInfo", heapInfo);
        return Json.write(m);
    }

    private static double round(double seconds) {
        return Math.round(seconds * 10) / 10.0;
    }

    private static Map<String, Long> procStatus(long pid) {
        Map<String, Long> values = new LinkedHashMap<>();
        for (String line : read(Path.of("/proc", String.valueOf(pid), "status")).split("\n")) {
            String[] parts = line.split(":\\s+", 2);
            if (parts.length == 2 && parts[1].endsWith(" kB")) {
                values.put(parts[0], Long.parseLong(parts[1].replace(" kB", "").trim()));
            }
        }
        return values;
    }

    private static String jcmd(long pid, String command) {
        Path jcmd = Path.of(System.getProperty("java.home"), "bin", "jcmd");
        if (!Files.isExecutable(jcmd)) return "";
        try {
            Process p = new ProcessBuilder(jcmd.toString(), String.valueOf(pid), command).redirectErrorStream(true).start();
            String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
            p.waitFor(60, TimeUnit.SECONDS);
            return out;
        } catch (Exception e) {
            return "";
        }
    }

    private static String read(Path file) {
        try {
            return Files.readString(file);
        } catch (Exception e) {
            return "";
        }
    }
}
