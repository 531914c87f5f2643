package dev.weir.sql.checkpoint;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.weir.sql.session.StatementResult;
import dev.weir.sql.session.Weir;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A state directory outlives the process: its catalog is there again, running pipelines resume
 * from their latest checkpoint, stopped ones do not, and SHOW PIPELINES tells about them.
 */
class StateDirectoryTest {
  @TempDir
  Path dir;

  private List<String> row(Weir weir, String pipeline) throws Exception {
    StatementResult.Table table = (StatementResult.Table) weir.execute("SHOW PIPELINES");
    return table.rows().stream().filter(r -> r.get(0).equals(pipeline)).findFirst().orElseThrow();
  }

  @Test
  void theCatalogAndRunningPipelinesComeBackAndStoppedOnesStayStopped() throws Exception {
    Path state = dir.resolve("state");
    try (Weir weir = Weir.create(2)) {
      assertEquals(List.of(), weir.session().openStateDirectory(state));
      weir.execute("CREATE TABLE ticks (counter BIGINT) WITH ('connector' = 'impulse', 'event_rate' = '500')");
      weir.execute("CREATE TABLE sink (counter BIGINT) WITH ('connector' = 'filesystem', 'path' = '"
          + dir.resolve("out") + "/', 'format' = 'csv')");
      weir.execute("CREATE VIEW evens AS SELECT counter FROM ticks WHERE MOD(counter, 2) = 0");
      // settings of its own: checkpoints ten times a second (not every 10 s), two kept
      weir.execute("CREATE PIPELINE copy WITH ('execution.checkpointing.interval' = '100ms',"
          + " 'state.checkpoints.num-retained' = '2') AS INSERT INTO sink SELECT counter FROM evens");
      long deadline = System.nanoTime() + 5_000_000_000L;
      while (row(weir, "copy").get(5).isEmpty() && System.nanoTime() < deadline) {
        Thread.sleep(20);
      }
      List<String> row = row(weir, "copy");
      assertEquals("running", row.get(1));
      assertEquals("", row.get(4), "an impulse has no lag to tell");
      assertTrue(row.get(5).matches("\\d+ \\(\\d+ s ago\\)"), "last checkpoint: " + row);
      assertTrue(row.get(6).endsWith(" B") && row.get(7).endsWith(" ms"), "its size and duration: " + row);
      while (completeCheckpoints(state).size() < 2 && System.nanoTime() < deadline) {
        Thread.sleep(20);
      }
      weir.session().closePipelines(); // the process ends with the pipeline running
    }
    // the newest checkpoint is damaged: the one before it is used, with a warning
    List<Long> complete = completeCheckpoints(state);
    long newest = complete.get(complete.size() - 1);
    Path damaged = state.resolve("pipelines/copy/checkpoints/chk-" + newest + "/task-0.state");
    byte[] bytes = Files.readAllBytes(damaged);
    bytes[bytes.length - 1] ^= 1;
    Files.write(damaged, bytes);
    try (Weir weir = Weir.create(2)) {
      List<String> said = weir.session().openStateDirectory(state);
      assertEquals(2, said.size(), said.toString());
      assertTrue(said.get(0).startsWith("Warning: Checkpoint " + newest + " in ")
          && said.get(0).endsWith(" cannot be read (task-0.state is damaged: checksum mismatch); falling back to an"
          + " earlier one."), said.get(0));
      long previous = complete.get(complete.size() - 2);
      assertEquals("Pipeline 'copy' resumed from checkpoint " + previous + ".", said.get(1));
      assertEquals(List.of("evens", "sink", "ticks"), tableNames(weir));
      assertEquals("running", row(weir, "copy").get(1));
      assertEquals("Pipeline 'copy' stopped.", ((StatementResult.Message) weir.execute("STOP PIPELINE copy")).text());
    }
    try (Weir weir = Weir.create(2)) {
      assertEquals(List.of(), weir.session().openStateDirectory(state), "a stopped pipeline is not resumed");
      assertEquals("stopped", row(weir, "copy").get(1));
      weir.execute("DROP PIPELINE copy");
      assertTrue(!Files.exists(state.resolve("pipelines/copy")), "its checkpoints are gone with it");
      weir.execute("DROP VIEW evens");
    }
    try (Weir weir = Weir.create(2)) {
      weir.session().openStateDirectory(state);
      assertEquals(List.of("sink", "ticks"), tableNames(weir), "a dropped view stays dropped");
      assertEquals(0, ((StatementResult.Table) weir.execute("SHOW PIPELINES")).rows().size());
    }
  }

  private static List<Long> completeCheckpoints(Path state) throws java.io.IOException {
    Path dir = state.resolve("pipelines/copy/checkpoints");
    if (!Files.isDirectory(dir)) {
      return List.of();
    }
    try (var dirs = Files.list(dir)) {
      return dirs.filter(d -> Files.exists(d.resolve("_COMPLETED")))
          .map(d -> Long.parseLong(d.getFileName().toString().substring(4))).sorted().toList();
    }
  }

  private static List<String> tableNames(Weir weir) throws Exception {
    return ((StatementResult.Table) weir.execute("SHOW TABLES")).rows().stream().map(r -> r.get(0)).toList();
  }
}
