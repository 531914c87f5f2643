package dev.weir.sql.checkpoint;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.weir.engine.runtime.Job;
import dev.weir.sql.session.Weir;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.stream.Stream;
import org.apache.calcite.sql.SqlInsert;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Checkpoints in one process: a pipeline is stopped after some checkpoints (its in-progress output
 * left as a crash would leave it) and started again under the same name; the committed output
 * must then be exactly what one uninterrupted run writes.
 */
class CheckpointTest {
  @TempDir
  Path dir;

  private static final String SOURCE = "CREATE TABLE bid (auction BIGINT, bidder BIGINT, price BIGINT,"
      + " `dateTime` TIMESTAMP(3), WATERMARK FOR `dateTime` AS `dateTime` - INTERVAL '1' SECOND) WITH ("
      + " 'connector' = 'nexmark', 'table' = 'bid', 'events.num' = '200000', 'first-event.rate' = '100000',"
      + " 'rate.limited' = 'true')";

  private Job start(Weir weir, String sql) throws Exception {
    return weir.session().startInsert((SqlInsert) weir.session().parse(sql).get(0));
  }

  /** The lines of the visible (committed) files of a sink directory, sorted. */
  static List<String> committedLines(Path out) throws IOException {
    List<String> lines = new ArrayList<>();
    if (!Files.isDirectory(out)) {
      return lines;
    }
    try (Stream<Path> files = Files.list(out)) {
      for (Path f : files.sorted().toList()) {
        if (!f.getFileName().toString().startsWith(".")) {
          lines.addAll(Files.readAllLines(f));
        }
      }
    }
    Collections.sort(lines);
    return lines;
  }

  private List<String> expected(String query) throws Exception {
    Path out = dir.resolve("expected");
    try (Weir weir = Weir.create(2)) {
      weir.execute(SOURCE.replace("'rate.limited' = 'true'", "'rate.limited' = 'false'"));
      weir.execute("CREATE TABLE sink (a BIGINT, b BIGINT, c BIGINT) WITH ('connector' = 'filesystem', 'path' = '"
          + out + "/', 'format' = 'csv')");
      weir.execute("INSERT INTO sink " + query);
    }
    return committedLines(out);
  }

  private void stopAndResume(String query) throws Exception {
    Path out = dir.resolve("out");
    String[] setup = {SOURCE, "CREATE TABLE sink (a BIGINT, b BIGINT, c BIGINT) WITH ('connector' = 'filesystem',"
        + " 'path' = '" + out + "/', 'format' = 'csv')", "SET 'execution.checkpointing.interval' = '100ms'",
        "SET 'execution.checkpointing.dir' = '" + dir.resolve("checkpoints") + "'", "SET 'pipeline.name' = 'p'"};
    long restoredFrom;
    try (Weir weir = Weir.create(2)) {
      for (String s : setup) {
        weir.execute(s);
      }
      try (Job job = start(weir, "INSERT INTO sink " + query)) {
        long deadline = System.nanoTime() + Duration.ofSeconds(20).toNanos();
        while (job.checkpointStats().completed() < 3 && System.nanoTime() < deadline && !job.isDone()) {
          Thread.sleep(20);
        }
        assertTrue(job.checkpointStats().completed() >= 3, "three checkpoints within 20 s");
        assertTrue(!job.isDone(), "the pipeline was still running when it was stopped");
        job.cancel();
      }
    }
    try (Weir weir = Weir.create(2)) {
      for (String s : setup) {
        weir.execute(s.replace("'rate.limited' = 'true'", "'rate.limited' = 'false'"));
      }
      try (Job job = start(weir, "INSERT INTO sink " + query)) {
        assertTrue(job.await(Duration.ofSeconds(60)));
        restoredFrom = job.checkpointStats().restoredFrom();
      }
    }
    assertTrue(restoredFrom >= 3, "resumed from checkpoint " + restoredFrom);
    assertSameLines(expected(query), committedLines(out));
  }

  /** Equal multisets of lines; on failure, says how many are missing and repeated, with examples. */
  static void assertSameLines(List<String> expected, List<String> actual) {
    java.util.Map<String, Integer> diff = new java.util.TreeMap<>();
    expected.forEach(l -> diff.merge(l, 1, Integer::sum));
    actual.forEach(l -> diff.merge(l, -1, Integer::sum));
    diff.values().removeIf(n -> n == 0);
    List<String> missing = diff.entrySet().stream().filter(e -> e.getValue() > 0).map(java.util.Map.Entry::getKey).toList();
    List<String> extra = diff.entrySet().stream().filter(e -> e.getValue() < 0).map(java.util.Map.Entry::getKey).toList();
    assertTrue(diff.isEmpty(), expected.size() + " lines expected, " + actual.size() + " written; " + missing.size()
        + " missing (e.g. " + missing.stream().limit(3).toList() + "), " + extra.size() + " extra or repeated (e.g. "
        + extra.stream().limit(3).toList() + ")");
  }

  @Test
  void aLimitEndsACheckpointedPipelineOverAnUnboundedSource() throws Exception {
    Path out = dir.resolve("limited");
    try (Weir weir = Weir.create(2)) {
      weir.execute("CREATE TABLE ticks (counter BIGINT) WITH ('connector' = 'impulse', 'event_rate' = '0')");
      weir.execute("CREATE TABLE sink (counter BIGINT) WITH ('connector' = 'filesystem', 'path' = '" + out
          + "/', 'format' = 'csv')");
      weir.execute("SET 'execution.checkpointing.interval' = '100ms'");
      weir.execute("SET 'execution.checkpointing.dir' = '" + dir.resolve("checkpoints") + "'");
      try (Job job = start(weir, "INSERT INTO sink SELECT counter FROM ticks LIMIT 10")) {
        assertTrue(job.await(Duration.ofSeconds(30)), "the LIMIT's end is committed and the job ends");
      }
    }
    assertSameLines(List.of("0", "1", "2", "3", "4", "5", "6", "7", "8", "9"), committedLines(out));
  }

  @Test
  void valuesCheckpointAndARerunOfAFinishedPipelineSaysSo() throws Exception {
    Path out = dir.resolve("values");
    String[] setup = {"CREATE TABLE sink (a BIGINT) WITH ('connector' = 'filesystem', 'path' = '" + out
        + "/', 'format' = 'csv')", "SET 'execution.checkpointing.interval' = '100ms'",
        "SET 'execution.checkpointing.dir' = '" + dir.resolve("checkpoints") + "'", "SET 'pipeline.name' = 'v'"};
    for (int run = 0; run < 2; run++) {
      try (Weir weir = Weir.create(2)) {
        for (String s : setup) {
          weir.execute(s);
        }
        String said = ((dev.weir.sql.session.StatementResult.Message) weir.execute(
            "INSERT INTO sink VALUES (1), (2), (3)")).text();
        if (run == 0) {
          assertEquals("Inserted 3 rows into 'sink'.", said);
        } else { // a periodic checkpoint may come before the last one, on a busy machine
          assertTrue(said.matches("Pipeline 'v' had already finished \\(checkpoint \\d+\\): nothing to do\\."
              + " DROP PIPELINE v to run it again\\."), said);
        }
      }
    }
    assertSameLines(List.of("1", "2", "3"), committedLines(out));
  }

  @Test
  void aStatelessPipelineResumesFromItsCheckpointAndWritesEachRowOnce() throws Exception {
    stopAndResume("SELECT auction, bidder, price FROM bid WHERE MOD(auction, 3) = 0");
  }

  @Test
  void aWindowAggregateResumesWithItsStateAndWritesEachWindowOnce() throws Exception {
    stopAndResume("SELECT auction, COUNT(*), MAX(price) FROM TABLE(TUMBLE(TABLE bid, DESCRIPTOR(`dateTime`),"
        + " INTERVAL '0.1' SECOND)) GROUP BY auction, window_start, window_end");
  }
}
