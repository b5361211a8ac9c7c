package io.toggleworks.benchmarks.load;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/** CPU time, RSS and (through jcmd) live heap of a process on this Linux machine. */
record Proc(long pid, String name) {
    private static final Pattern USED = Pattern.compile("used (\\d+)K");
    /** USER_HZ: 100 on every Linux we run on ({@code getconf CLK_TCK}). */
    private static final double TICKS_PER_SECOND = 100.0;

    static Proc self() {
        return new Proc(ProcessHandle.current().pid(), "load-generator");
    }

    /** utime + stime of every thread of the process, in seconds ({@code /proc/<pid>/stat} fields 14 and 15). */
    double cpuSeconds() {
        double[] us = userAndSystemSeconds();
        return us[0] + us[1];
    }

    /** utime and stime apart: user code vs the kernel's share (TCP over loopback, epoll, futexes). */
    double[] userAndSystemSeconds() {
        try {
            String stat = Files.readString(Path.of("/proc/" + pid + "/stat"));
            String[] f = stat.substring(stat.lastIndexOf(')') + 2).split(" ");
            return new double[]{Long.parseLong(f[11]) / TICKS_PER_SECOND, Long.parseLong(f[12]) / TICKS_PER_SECOND};
        } catch (IOException e) {
            throw new IllegalStateException("cannot read CPU time of " + name + " (pid " + pid + ")", e);
        }
    }

    /** Resident set size in KiB ({@code VmRSS}). */
    long rssKb() {
        try {
            for (String line : Files.readAllLines(Path.of("/proc/" + pid + "/status"))) {
                if (line.startsWith("VmRSS:")) {
                    return Long.parseLong(line.replaceAll("[^0-9]", ""));
                }
            }
            return -1;
        } catch (IOException e) {
            return -1;
        }
    }

    /** Runs a full GC in the process ({@code jcmd GC.run}), then returns its used heap in KiB ({@code GC.heap_info}). */
    long heapAfterFullGcKb() {
        if (pid == ProcessHandle.current().pid()) {
            System.gc();
            return (Runtime.getRuntime().totalMemory() - Runtime.getRuntime().freeMemory()) / 1024;
        }
        jcmd("GC.run");
        String info = jcmd("GC.heap_info");
        Matcher m = USED.matcher(info);
        if (!m.find()) {
            throw new IllegalStateException("no 'used' in GC.heap_info of " + name + ": " + info);
        }
        return Long.parseLong(m.group(1));
    }

    String jcmd(String command) {
        try {
            Process p = new ProcessBuilder(List.of(Path.of(System.getProperty("java.home"), "bin", "jcmd").toString(), String.valueOf(pid), command))
                    .redirectErrorStream(true).start();
            String out = new String(p.getInputStream().readAllBytes());
            p.waitFor();
            return out;
        } catch (IOException e) {
            throw new IllegalStateException(e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }

    /** Open file descriptors (sockets included). */
    int openFiles() {
        try (var s = Files.list(Path.of("/proc/" + pid + "/fd"))) {
            return (int) s.count();
        } catch (IOException e) {
            return -1;
        }
    }
}
