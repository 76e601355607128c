package io.tickstore.bench.jmh;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Set;
import java.util.TreeSet;
import org.junit.jupiter.api.Test;
import org.openjdk.jmh.annotations.Fork;

class ChronicleJvmFlagsTest {

    /** Benchmark classes named in META-INF/BenchmarkList, which JMH's annotation processor writes. */
    private static Set<String> benchmarkClasses() throws Exception {
        Set<String> classes = new TreeSet<>();
        try (InputStream in = ChronicleJvmFlagsTest.class.getResourceAsStream("/META-INF/BenchmarkList")) {
            assertNotNull(in, "META-INF/BenchmarkList is missing: the JMH annotation processor did not run");
            for (String line : new String(in.readAllBytes(), StandardCharsets.UTF_8).split("\n")) {
                // JMH S <length> <user class> ...
                String[] parts = line.trim().split(" ");
                if (parts.length > 3 && parts[0].equals("JMH")) {
                    classes.add(parts[3]);
                }
            }
        }
        return classes;
    }

    @Test
    void everyBenchmarkForkCarriesTheChronicleFlags() throws Exception {
        Set<String> classes = benchmarkClasses();
        assertTrue(classes.containsAll(List.of(WriterBenchmark.class.getName(), FrameParserBenchmark.class.getName(),
                Decimal8Benchmark.class.getName(), JournalBenchmark.class.getName(), BarBenchmark.class.getName())),
                classes.toString());
        for (String name : classes) {
            Fork fork = Class.forName(name).getAnnotation(Fork.class);
            assertNotNull(fork, name + " has no @Fork");
            assertEquals(ChronicleJvmFlags.ALL, List.of(fork.jvmArgsAppend()), name);
        }
    }

    @Test
    void sameFlagsAsTheParentPom() throws Exception {
        String pom = Files.readString(Path.of("..", "pom.xml"));
        int start = pom.indexOf("<chronicle.jvm.args>") + "<chronicle.jvm.args>".length();
        int end = pom.indexOf("</chronicle.jvm.args>");
        assertEquals(List.of(pom.substring(start, end).trim().split("\\s+")), ChronicleJvmFlags.ALL);
    }
}
