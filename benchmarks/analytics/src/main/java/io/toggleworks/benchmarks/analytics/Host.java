package io.toggleworks.benchmarks.analytics;

import java.io.IOException;
import java.lang.management.ManagementFactory;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/** The machine and JVM a run happened on, for the record. */
final class Host {
    private Host() {
    }

    static Map<String, Object> describe() {
        Map<String, Object> h = new LinkedHashMap<>();
        h.put("nproc", Runtime.getRuntime().availableProcessors());
        h.put("cpu_model", firstValue(Path.of("/proc/cpuinfo"), "model name"));
        h.put("memory", firstValue(Path.of("/proc/meminfo"), "MemTotal"));
        h.put("os", firstValue(Path.of("/etc/os-release"), "PRETTY_NAME").replace("\"", ""));
        h.put("kernel", System.getProperty("os.version"));
        h.put("jdk", System.getProperty("java.vm.name") + " " + System.getProperty("java.runtime.version") + " ("
                + System.getProperty("java.vendor") + ")");
        h.put("jvm_args", ManagementFactory.getRuntimeMXBean().getInputArguments());
        h.put("git_commit", System.getProperty("toggleworks.git.commit", ""));
        h.put("load_average_start", ProcCpu.loadAverage());
        return h;
    }

    private static String firstValue(Path file, String key) {
        try {
            List<String> lines = Files.readAllLines(file);
            for (String line : lines) {
                int sep = line.indexOf(line.contains("=") && !line.contains(":") ? '=' : ':');
                if (sep > 0 && line.substring(0, sep).trim().equals(key)) {
                    return line.substring(sep + 1).trim();
                }
            }
        } catch (IOException e) {
            // not Linux
        }
        return "unknown";
    }
}
