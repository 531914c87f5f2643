package dev.weir.benchmarks.nexmark;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.sun.management.OperatingSystemMXBean;
import dev.weir.catalog.WeirException;
import dev.weir.sql.session.Weir;
import java.io.IOException;
import java.io.InputStream;
import java.lang.management.ManagementFactory;
import java.lang.management.MemoryPoolMXBean;
import java.lang.management.MemoryType;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.Callable;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/**
 * {@code bin/weir nexmark}: each query from the generator into blackhole, after a warm-up run of a
 * tenth of the events that is not counted, each in a JVM of its own unless told otherwise.
 * Generation is never throttled; {@code --rate} only spaces event times, which decides what falls
 * into each window.
 */
@Command(name = "weir nexmark", mixinStandardHelpOptions = true,
    description = "Run Nexmark queries from the generator into blackhole and report their speed.")
public final class NexmarkRunner implements Callable<Integer> {
  /** The queries in the repository; the others need joins, top-N and more window kinds. */
  static final List<String> AVAILABLE = List.of("q0", "q1", "q2", "q3", "q4", "q5", "q6", "q7", "q8", "q9", "q10", "q11",
      "q12", "q13", "q14", "q15", "q16", "q17", "q18", "q19", "q20", "q21", "q22");

  @Option(names = "--queries", defaultValue = "all", split = ",",
      description = "Comma-separated queries (q0, q1, ...), 'gen' for the generator alone, or 'all'.")
  List<String> queries;

  @Option(names = "--events", defaultValue = "10000000", description = "Events per run (default: ${DEFAULT-VALUE}).")
  long events;

  @Option(names = "--parallelism", defaultValue = "1", description = "Parallel readers and operators.")
  int parallelism;

  @Option(names = "--rate", defaultValue = "10000",
      description = "The generator's logical rate (first-event.rate) in events/s (default: ${DEFAULT-VALUE}).")
  long rate;

  @Option(names = "--checkpoint-interval", paramLabel = "DURATION",
      description = "Checkpoint each query this often (e.g. 1s), into a temporary directory, to measure what"
          + " checkpoints cost; default: no checkpoints.")
  String checkpointInterval;

  @Option(names = "--json", paramLabel = "FILE", description = "Also write the results to FILE as JSON.")
  Path json;

  @Option(names = "--fork", negatable = true, defaultValue = "true", fallbackValue = "true",
      description = "Run each query in a JVM of its own (default), as JMH forks: a query is then not slowed by the"
          + " garbage and the JIT profile that earlier queries left; --no-fork runs them all in this JVM.")
  boolean fork;

  /** One measured run. */
  record Result(String query, long events, int parallelism, double seconds, double cpuSeconds, long peakHeapBytes) {
    double eventsPerSecond() {
      return events / seconds;
    }

    double eventsPerCpuSecond() {
      return events / cpuSeconds;
    }
  }

  public static void main(String[] args) {
    System.exit(new CommandLine(new NexmarkRunner()).execute(args));
  }

  @Override
  public Integer call() throws Exception {
    List<String> selected = new ArrayList<>();
    for (String q : queries) {
      String name = q.trim().toLowerCase(Locale.ROOT);
      if (name.equals("all")) {
        selected.add("gen");
        selected.addAll(AVAILABLE);
      } else if (name.equals("gen") || AVAILABLE.contains(name)) {
        selected.add(name);
      } else {
        System.err.println("ERROR: query '" + q + "' is not available yet; available: gen, "
            + String.join(", ", AVAILABLE) + ".");
        return 1;
      }
    }
    System.out.printf(Locale.ROOT, "Nexmark: %,d events, parallelism %d, logical rate %,d events/s, %d cores%s%n",
        events, parallelism, rate, Runtime.getRuntime().availableProcessors(),
        checkpointInterval == null ? "" : ", a checkpoint every " + checkpointInterval);
    System.out.printf(Locale.ROOT, "%-6s %12s %9s %13s %15s %9s %10s%n", "query", "events", "seconds", "events/s",
        "events/s/core", "cpu s", "peak heap");
    List<Result> results = new ArrayList<>();
    for (String q : selected) {
      Result r;
      if (fork && selected.size() > 1) {
        r = runForked(q);
      } else {
        run(q, Math.max(100_000, events / 10)); // warm-up, not reported
        r = run(q, events);
      }
      results.add(r);
      System.out.printf(Locale.ROOT, "%-6s %12d %9.3f %13.0f %15.0f %9.2f %8d MB%n", r.query(), r.events(), r.seconds(),
          r.eventsPerSecond(), r.eventsPerCpuSecond(), r.cpuSeconds(), r.peakHeapBytes() >> 20);
    }
    if (json != null) {
      writeJson(results, json);
    }
    return 0;
  }

  /** Runs one query, warm-up included, in a new JVM with this one's options and class path; reads its result back. */
  private Result runForked(String query) throws IOException, InterruptedException {
    Path out = Files.createTempFile("weir-nexmark-" + query, ".json");
    try {
      List<String> command = new ArrayList<>();
      command.add(ProcessHandle.current().info().command().orElse("java"));
      command.addAll(ManagementFactory.getRuntimeMXBean().getInputArguments());
      command.addAll(List.of("-cp", System.getProperty("java.class.path"), NexmarkRunner.class.getName(),
          "--no-fork", "--queries", query, "--events", Long.toString(events), "--parallelism",
          Integer.toString(parallelism), "--rate", Long.toString(rate), "--json", out.toString()));
      if (checkpointInterval != null) {
        command.addAll(List.of("--checkpoint-interval", checkpointInterval));
      }
      Process child = new ProcessBuilder(command).redirectOutput(ProcessBuilder.Redirect.DISCARD)
          .redirectError(ProcessBuilder.Redirect.INHERIT).start();
      if (child.waitFor() != 0) {
        throw new WeirException("Nexmark query " + query + " failed in its JVM (exit status " + child.exitValue() + ").");
      }
      return readJson(out).get(0);
    } finally {
      Files.deleteIfExists(out);
    }
  }

  /** Runs one query over {@code count} events in a fresh engine and measures it. */
  Result run(String query, long count) throws Exception {
    try (Weir weir = Weir.create()) {
      weir.execute("SET 'parallelism.default' = '" + parallelism + "'");
      java.nio.file.Path checkpoints = null;
      if (checkpointInterval != null) {
        checkpoints = java.nio.file.Files.createTempDirectory("weir-nexmark-checkpoints");
        weir.execute("SET 'execution.checkpointing.interval' = '" + checkpointInterval + "'");
        weir.execute("SET 'execution.checkpointing.dir' = '" + checkpoints + "'");
      }
      weir.executeScript(resource("ddl.sql").replace("${EVENTS}", Long.toString(count))
          .replace("${RATE}", Long.toString(rate)));
      String sql = query.equals("gen") ? GENERATOR_ONLY : query(query);
      System.gc();
      List<MemoryPoolMXBean> heap = ManagementFactory.getMemoryPoolMXBeans().stream()
          .filter(p -> p.getType() == MemoryType.HEAP).toList();
      heap.forEach(MemoryPoolMXBean::resetPeakUsage);
      OperatingSystemMXBean os = (OperatingSystemMXBean) ManagementFactory.getOperatingSystemMXBean();
      long cpuBefore = os.getProcessCpuTime();
      long start = System.nanoTime();
      weir.executeScript(sql);
      double seconds = (System.nanoTime() - start) / 1e9;
      double cpu = (os.getProcessCpuTime() - cpuBefore) / 1e9;
      long peak = heap.stream().mapToLong(p -> p.getPeakUsage().getUsed()).sum();
      return new Result(query, count, parallelism, seconds, cpu, peak);
    }
  }

  /** Every event generated, in one pass over the event numbers (the combined table), into blackhole. */
  static final String GENERATOR_ONLY = """
      CREATE TABLE blackhole (
        event_type INT,
        person ROW<id BIGINT, name VARCHAR, emailAddress VARCHAR, creditCard VARCHAR, city VARCHAR, state VARCHAR,
          `dateTime` TIMESTAMP(3), extra VARCHAR>,
        auction ROW<id BIGINT, itemName VARCHAR, description VARCHAR, initialBid BIGINT, reserve BIGINT,
          `dateTime` TIMESTAMP(3), expires TIMESTAMP(3), seller BIGINT, category BIGINT, extra VARCHAR>,
        bid ROW<auction BIGINT, bidder BIGINT, price BIGINT, channel VARCHAR, url VARCHAR, `dateTime` TIMESTAMP(3),
          extra VARCHAR>,
        `dateTime` TIMESTAMP(3)
      ) WITH ('connector' = 'blackhole');
      INSERT INTO blackhole SELECT * FROM nexmark;
      """;

  /** A query file, with {@code ${SIDE_INPUT}} (q13's table) naming a file of 10,000 lines {@code key,value}. */
  static String query(String name) throws IOException {
    String sql = resource(name + ".sql");
    if (sql.contains("${SIDE_INPUT}")) {
      Path file = Path.of(System.getProperty("java.io.tmpdir"), "weir-nexmark-side-input.csv");
      if (!Files.exists(file)) {
        StringBuilder lines = new StringBuilder();
        for (int key = 0; key < 10_000; key++) {
          lines.append(key).append(',').append(key * 2).append('\n');
        }
        Path partial = Files.createTempFile(file.getParent(), "weir-side-input", ".tmp");
        Files.writeString(partial, lines);
        Files.move(partial, file, java.nio.file.StandardCopyOption.ATOMIC_MOVE,
            java.nio.file.StandardCopyOption.REPLACE_EXISTING);
      }
      sql = sql.replace("${SIDE_INPUT}", file.toString());
    }
    return sql;
  }

  static String resource(String name) throws IOException {
    try (InputStream in = NexmarkRunner.class.getResourceAsStream("/nexmark/" + name)) {
      if (in == null) {
        throw new WeirException("No Nexmark file '" + name + "'.");
      }
      return new String(in.readAllBytes(), StandardCharsets.UTF_8);
    }
  }

  static List<Result> readJson(Path file) throws IOException {
    List<Result> results = new ArrayList<>();
    for (com.fasterxml.jackson.databind.JsonNode o : new ObjectMapper().readTree(file.toFile())) {
      results.add(new Result(o.get("query").asText(), o.get("events").asLong(), o.get("parallelism").asInt(),
          o.get("seconds").asDouble(), o.get("cpu_seconds").asDouble(), o.get("peak_heap_bytes").asLong()));
    }
    return results;
  }

  static void writeJson(List<Result> results, Path file) throws IOException {
    ObjectMapper mapper = new ObjectMapper().enable(SerializationFeature.INDENT_OUTPUT);
    ArrayNode array = mapper.createArrayNode();
    for (Result r : results) {
      ObjectNode o = array.addObject();
      o.put("query", r.query());
      o.put("events", r.events());
      o.put("parallelism", r.parallelism());
      o.put("seconds", r.seconds());
      o.put("events_per_second", r.eventsPerSecond());
      o.put("cpu_seconds", r.cpuSeconds());
      o.put("peak_heap_bytes", r.peakHeapBytes());
    }
    Files.writeString(file, mapper.writeValueAsString(array) + "\n");
  }
}
