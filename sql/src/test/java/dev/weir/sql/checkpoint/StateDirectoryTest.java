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
      weir.execute("SET 'execution.checkpointing.interval' = '100ms'");
      weir.execute("CREATE PIPELINE copy AS INSERT INTO sink SELECT counter FROM evens");
      long deadline = System.nanoTime() + 20_000_000_000L;
      while (row(weir, "copy").get(4).isEmpty() && System.nanoTime() < deadline) {
        Thread.sleep(20);
      }
      List<String> row = row(weir, "copy");
      assertEquals("running", row.get(1));
      assertTrue(row.get(4).matches("\\d+ \\(\\d+ s ago\\)"), "last checkpoint: " + row);
      assertTrue(row.get(5).endsWith(" B") && row.get(6).endsWith(" ms"), "its size and duration: " + row);
      weir.session().closePipelines(); // the process ends with the pipeline running
    }
    String resumed;
    try (Weir weir = Weir.create(2)) {
      List<String> said = weir.session().openStateDirectory(state);
      assertEquals(1, said.size(), said.toString());
      resumed = said.get(0);
      assertTrue(resumed.matches("Pipeline 'copy' resumed from checkpoint \\d+\\."), resumed);
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

  private static List<String> tableNames(Weir weir) throws Exception {
    return ((StatementResult.Table) weir.execute("SHOW TABLES")).rows().stream().map(r -> r.get(0)).toList();
  }
}
