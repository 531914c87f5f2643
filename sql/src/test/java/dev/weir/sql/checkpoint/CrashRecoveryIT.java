package dev.weir.sql.checkpoint;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.weir.sql.session.Weir;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Random;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The proof of checkpoints: the real {@code bin/weir}, running a named pipeline on a state
 * directory, is killed with SIGKILL at random moments, five times, and started again with the same
 * command each time; the last run finishes the job. What it committed must be exactly what one
 * uninterrupted run writes: nothing lost, nothing twice.
 */
class CrashRecoveryIT {
  private static final Path REPO = Path.of("..").toAbsolutePath().normalize();
  private static final int KILLS = 5;

  @TempDir
  Path dir;

  private static String tables(Path out, boolean paced) {
    return "CREATE TABLE IF NOT EXISTS bid (auction BIGINT, bidder BIGINT, price BIGINT, `dateTime` TIMESTAMP(3),"
        + " WATERMARK FOR `dateTime` AS `dateTime` - INTERVAL '1' SECOND) WITH ('connector' = 'nexmark',"
        + " 'table' = 'bid', 'events.num' = '400000', 'first-event.rate' = '50000', 'rate.limited' = '" + paced + "');\n"
        + "CREATE TABLE IF NOT EXISTS sink (auction BIGINT, bids BIGINT, top BIGINT, window_end TIMESTAMP(3)) WITH ("
        + " 'connector' = 'filesystem', 'path' = '" + out + "/', 'format' = 'csv');\n";
  }

  private static final String QUERY = "INSERT INTO sink SELECT auction, COUNT(*), MAX(price), window_end"
      + " FROM TABLE(TUMBLE(TABLE bid, DESCRIPTOR(`dateTime`), INTERVAL '0.5' SECOND))"
      + " GROUP BY auction, window_start, window_end;\n";

  private Process start(Path script, Path log) throws IOException {
    ProcessBuilder pb = new ProcessBuilder(REPO.resolve("bin/weir").toString(), "--state-dir",
        dir.resolve("state").toString(), "-f", script.toString()).directory(REPO.toFile());
    pb.environment().put("WEIR_SKIP_BUILD", "1");
    pb.environment().put("HOME", dir.toString());
    pb.redirectErrorStream(true).redirectOutput(ProcessBuilder.Redirect.appendTo(log.toFile()));
    return pb.start();
  }

  /** The newest complete checkpoint's number, 0 for none. */
  private long lastCheckpoint() throws IOException {
    Path checkpoints = dir.resolve("state/pipelines/windows/checkpoints");
    if (!Files.isDirectory(checkpoints)) {
      return 0;
    }
    try (Stream<Path> dirs = Files.list(checkpoints)) {
      return dirs.filter(d -> Files.exists(d.resolve("_COMPLETED")))
          .mapToLong(d -> Long.parseLong(d.getFileName().toString().substring(4))).max().orElse(0);
    }
  }

  private static List<String> committedLines(Path out) throws IOException {
    List<String> lines = new ArrayList<>();
    if (Files.isDirectory(out)) {
      try (Stream<Path> files = Files.list(out)) {
        for (Path f : files.sorted().toList()) {
          if (!f.getFileName().toString().startsWith(".")) {
            lines.addAll(Files.readAllLines(f));
          }
        }
      }
    }
    Collections.sort(lines);
    return lines;
  }

  @Test
  void aWindowAggregateIntoFilesIsExactlyOnceAcrossFiveKills() throws Exception {
    Path out = dir.resolve("out");
    Path script = dir.resolve("pipeline.sql");
    // as a user would run it again after a crash: the catalog and the pipeline come back from the state directory
    Files.writeString(script, tables(out, true) + "SET 'execution.checkpointing.interval' = '200ms';\n"
        + "CREATE PIPELINE IF NOT EXISTS windows AS " + QUERY);
    Path log = dir.resolve("weir.log");
    Random random = new Random();
    long seen = 0;
    for (int kill = 0; kill < KILLS; kill++) {
      Process p = start(script, log);
      long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(60);
      while (lastCheckpoint() <= seen && p.isAlive() && System.nanoTime() < deadline) {
        Thread.sleep(20);
      }
      assertTrue(p.isAlive(), "run " + (kill + 1) + " ended before it was killed:\n" + Files.readString(log));
      assertTrue(lastCheckpoint() > seen, "run " + (kill + 1) + " took no checkpoint within 60 s:\n"
          + Files.readString(log));
      Thread.sleep(random.nextInt(400)); // somewhere between checkpoints
      p.destroyForcibly(); // SIGKILL: no shutdown hook, no flush
      assertTrue(p.waitFor(10, TimeUnit.SECONDS));
      seen = lastCheckpoint();
    }
    Process last = start(script, log);
    assertTrue(last.waitFor(120, TimeUnit.SECONDS), "the last run did not finish within 120 s");
    assertEquals(0, last.exitValue(), Files.readString(log));
    String said = Files.readString(log);
    assertTrue(said.contains("Pipeline 'windows' resumed from checkpoint"), said);
    assertTrue(said.contains("Pipeline 'windows' already exists; nothing done."), said);
    assertTrue(Files.readString(dir.resolve("state/pipelines/windows/pipeline.properties")).contains("status=FINISHED"));

    Path expectedOut = dir.resolve("expected");
    try (Weir weir = Weir.create(2)) {
      for (String statement : (tables(expectedOut, false) + QUERY).split(";\n")) {
        weir.execute(statement);
      }
    }
    List<String> expected = committedLines(expectedOut);
    assertTrue(expected.size() > 1000, "a real amount of output: " + expected.size() + " windows");
    CheckpointTest.assertSameLines(expected, committedLines(out));
  }
}
