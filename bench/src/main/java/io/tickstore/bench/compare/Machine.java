package io.tickstore.bench.compare;

import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.TimeUnit;

/** What the figures were measured on: CPU (lscpu), cores, memory, kernel, JDK, load average; best effort. */
record Machine(String cpu, int cores, String memory, String kernel, String jdk) {

    static Machine read() {
        String lscpu = run(List.of("lscpu"));
        String model = field(lscpu, "Model name");
        String threads = field(lscpu, "Thread(s) per core");
        String hypervisor = field(lscpu, "Hypervisor vendor");
        StringBuilder cpu = new StringBuilder(model == null ? System.getProperty("os.arch") : model);
        if (threads != null) {
            cpu.append(", ").append(threads).append(" thread(s) per core");
        }
        if (hypervisor != null) {
            cpu.append(", ").append(hypervisor).append(" guest");
        }
        return new Machine(cpu.toString(), Runtime.getRuntime().availableProcessors(), readMemory(),
                System.getProperty("os.name") + " " + System.getProperty("os.version"),
                System.getProperty("java.vm.name") + " " + System.getProperty("java.runtime.version"));
    }

    /** The 1-, 5- and 15-minute load averages from /proc/loadavg, or "?". */
    static String loadAverage() {
        try {
            String[] parts = Files.readString(Path.of("/proc/loadavg")).trim().split("\\s+");
            return parts[0] + " " + parts[1] + " " + parts[2];
        } catch (IOException | RuntimeException e) {
            return "?";
        }
    }

    private static String readMemory() {
        try {
            for (String line : Files.readAllLines(Path.of("/proc/meminfo"))) {
                if (line.startsWith("MemTotal:")) {
                    long kib = Long.parseLong(line.replaceAll("[^0-9]", ""));
                    return String.format(Locale.ROOT, "%.1f GiB", kib / 1024.0 / 1024.0);
                }
            }
        } catch (IOException | RuntimeException e) {
            // fall through
        }
        return "?";
    }

    private static String field(String lscpu, String name) {
        if (lscpu == null) {
            return null;
        }
        for (String line : lscpu.split("\n")) {
            int colon = line.indexOf(':');
            if (colon > 0 && line.substring(0, colon).trim().equals(name)) {
                return line.substring(colon + 1).trim();
            }
        }
        return null;
    }

    /** A command's standard output, or null if it cannot run within 10 s. */
    static String run(List<String> command) {
        try {
            Process p = new ProcessBuilder(command).redirectErrorStream(true).start();
            String out;
            try (InputStream in = p.getInputStream()) {
                out = new String(in.readAllBytes(), StandardCharsets.UTF_8);
            }
            if (!p.waitFor(10, TimeUnit.SECONDS)) {
                p.destroyForcibly();
                return null;
            }
            return p.exitValue() == 0 ? out : null;
        } catch (IOException e) {
            return null;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return null;
        }
    }
}
