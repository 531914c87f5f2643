package dev.weir.benchmarks.nexmark;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import picocli.CommandLine;

/** The benchmark runner's contract: what it runs and the JSON it writes (not how fast: that is not a test). */
class NexmarkRunnerTest {
  @TempDir
  Path dir;

  @Test
  void runsQueriesAndWritesTheirFiguresAsJson() throws Exception {
    Path json = dir.resolve("results.json");
    int status = new CommandLine(new NexmarkRunner()).execute("--queries", "gen,q0,q2", "--events", "20000",
        "--parallelism", "2", "--json", json.toString());
    assertEquals(0, status);
    JsonNode results = new ObjectMapper().readTree(json.toFile());
    assertEquals(3, results.size());
    List<String> keys = List.of("query", "events", "parallelism", "seconds", "events_per_second", "cpu_seconds",
        "peak_heap_bytes");
    for (JsonNode r : results) {
      for (String key : keys) {
        assertTrue(r.has(key), "missing " + key + " in " + r);
      }
      assertEquals(20000, r.get("events").asLong());
      assertEquals(2, r.get("parallelism").asInt());
      assertTrue(r.get("seconds").asDouble() > 0);
      assertEquals(r.get("events").asDouble() / r.get("seconds").asDouble(), r.get("events_per_second").asDouble(), 1e-6);
      assertTrue(r.get("peak_heap_bytes").asLong() > 0);
    }
    assertEquals(List.of("gen", "q0", "q2"), List.of(results.get(0).get("query").asText(),
        results.get(1).get("query").asText(), results.get(2).get("query").asText()));
  }

  @Test
  void runsQueriesInThisJvmWhenToldNotToFork() throws Exception {
    Path json = dir.resolve("in-process.json");
    assertEquals(0, new CommandLine(new NexmarkRunner()).execute("--queries", "q1,q2", "--events", "20000", "--no-fork",
        "--json", json.toString()));
    List<NexmarkRunner.Result> results = NexmarkRunner.readJson(json);
    assertEquals(List.of("q1", "q2"), results.stream().map(NexmarkRunner.Result::query).toList());
    assertTrue(results.stream().allMatch(r -> r.events() == 20000 && r.seconds() > 0));
  }

  @Test
  void refusesQueriesItDoesNotHave() {
    assertEquals(1, new CommandLine(new NexmarkRunner()).execute("--queries", "q99", "--events", "1000"));
  }
}
