package dev.weir.sql.golden;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;

import dev.weir.catalog.types.Values;
import dev.weir.kafkalocal.LocalKafkaBroker;
import dev.weir.sql.session.QueryResult;
import dev.weir.sql.session.StatementResult;
import dev.weir.sql.session.Weir;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.stream.Stream;
import org.apache.arrow.vector.FieldVector;
import org.apache.arrow.vector.VectorSchemaRoot;
import org.junit.jupiter.api.DynamicContainer;
import org.junit.jupiter.api.DynamicNode;
import org.junit.jupiter.api.DynamicTest;
import org.junit.jupiter.api.TestFactory;

/**
 * Runs every file in {@code src/test/resources/golden}: one engine per file, cases in order.
 * Placeholders: {@code ${DATA}} is the golden data directory, {@code ${TMP}} a fresh directory per
 * file, {@code ${KAFKA}} the bootstrap servers of a real local Kafka broker started for the file
 * (only for files that use it). Run with {@code -Dgolden.rewrite=true} to rewrite the expectations from actual results
 * (then review the diff), and with {@code -Dgolden.file=rows.test} to run (or rewrite) one file only.
 */
class GoldenSqlTest {
  private static final Path ROOT = Path.of("src/test/resources/golden");
  private static final boolean REWRITE = Boolean.getBoolean("golden.rewrite");
  /** Runs (and rewrites) only the file of this name when set: {@code -Dgolden.file=rows.test}. */
  private static final String ONLY = System.getProperty("golden.file");

  @TestFactory
  Stream<DynamicNode> goldenFiles() throws IOException {
    List<Path> files;
    try (Stream<Path> s = Files.list(ROOT)) {
      files = s.filter(p -> p.toString().endsWith(".test")).sorted().toList();
    }
    assertTrue(files.size() >= 8, "golden files are missing");
    if (ONLY != null) {
      files = files.stream().filter(p -> p.getFileName().toString().equals(ONLY)).toList();
      assertTrue(!files.isEmpty(), "no golden file " + ONLY);
    }
    return files.stream().map(this::container);
  }

  private DynamicNode container(Path file) {
    GoldenFile golden;
    try {
      golden = GoldenFile.read(file);
    } catch (IOException e) {
      throw new IllegalStateException(e);
    }
    Runner runner = new Runner(golden);
    List<DynamicNode> tests = new ArrayList<>();
    for (GoldenFile.Case c : golden.cases()) {
      tests.add(DynamicTest.dynamicTest(c.name(), file.toUri(), () -> runner.run(c)));
    }
    tests.add(DynamicTest.dynamicTest("close", () -> runner.close()));
    return DynamicContainer.dynamicContainer(file.getFileName().toString(), file.toUri(), tests.stream());
  }

  /** Runs the cases of one file against one engine, in order. */
  private static final class Runner {
    private final GoldenFile golden;
    private final Path tmp;
    private final List<String> rewritten;
    private Weir weir;
    private LocalKafkaBroker kafka;

    Runner(GoldenFile golden) {
      this.golden = golden;
      this.rewritten = new ArrayList<>(golden.lines());
      try {
        this.tmp = Files.createTempDirectory("weir-golden-");
      } catch (IOException e) {
        throw new IllegalStateException(e);
      }
    }

    private String substitute(String sql) {
      if (sql.contains("${KAFKA}") && kafka == null) {
        kafka = LocalKafkaBroker.start();
      }
      String text = sql.replace("${DATA}", ROOT.resolve("data").toAbsolutePath().toString())
          .replace("${TMP}", tmp.toString());
      return kafka == null ? text : text.replace("${KAFKA}", kafka.bootstrapServers());
    }

    void run(GoldenFile.Case c) throws Exception {
      if (weir == null) {
        weir = Weir.create(2);
        weir.engine().verifySnapshots(true); // each stateful operator restores itself from a snapshot after every element
        weir.session().setStateDirectory(tmp); // pipelines' checkpoints go there, not to the user's home
      }
      String sql = substitute(c.sql());
      String directive = c.directive();
      if (directive.startsWith("statement error")) {
        try {
          List<StatementResult> results = weir.executeScript(sql);
          for (StatementResult r : results) {
            drain(r);
          }
        } catch (Exception e) {
          String message = e.getMessage() == null ? e.toString() : e.getMessage();
          for (Throwable suppressed : e.getSuppressed()) {
            fail("the error hid another failure (a leak?): " + suppressed);
          }
          record(c, List.of(message));
          String expected = substitute(String.join("\n", c.expected()).trim());
          if (!REWRITE) {
            assertTrue(message.contains(expected),
                "expected an error containing:\n  " + expected + "\nbut got:\n  " + message);
          }
          return;
        }
        fail("expected an error, but the statement succeeded: " + sql);
      }
      List<String> actual = new ArrayList<>();
      for (StatementResult r : weir.executeScript(sql)) {
        actual.addAll(drain(r));
      }
      if (directive.startsWith("statement ok")) {
        if (!c.expected().isEmpty()) {
          String text = String.join("\n", actual);
          record(c, actual);
          if (!REWRITE) {
            assertTrue(text.contains(substitute(String.join("\n", c.expected()).trim())),
                "expected a message containing:\n" + String.join("\n", c.expected()) + "\nbut got:\n" + text);
          }
        }
        return;
      }
      List<String> expected = new ArrayList<>(c.expected().stream().map(this::substitute).toList());
      if (directive.contains("final")) {
        actual = applyChanges(actual);
      }
      if (directive.contains("rowsort") || directive.contains("final")) {
        actual.sort(Comparator.naturalOrder());
        expected.sort(Comparator.naturalOrder());
      }
      record(c, actual);
      if (!REWRITE) {
        assertEquals(String.join("\n", expected), String.join("\n", actual), "rows differ for: " + sql);
      }
    }

    /** A changelog's rows ('+I | a | b', ...) applied: the rows that remain, without their kinds. */
    private static List<String> applyChanges(List<String> changes) {
      List<String> rows = new ArrayList<>();
      for (String change : changes) {
        String kind = change.substring(0, 2);
        String row = change.substring(5);
        if (kind.equals("+I") || kind.equals("+U")) {
          rows.add(row);
        } else if (kind.equals("-U") || kind.equals("-D")) {
          assertTrue(rows.remove(row), "retracted a row never emitted: " + change);
        } else {
          rows.add(change); // not a changelog: the rows as they are
        }
      }
      return rows;
    }

    /** Reads a result to lines: rows as 'a | b', messages as their lines. Closes queries. */
    private static List<String> drain(StatementResult r) throws Exception {
      List<String> out = new ArrayList<>();
      if (r instanceof StatementResult.Message m) {
        out.addAll(m.text().lines().toList());
      } else if (r instanceof StatementResult.Table t) {
        for (List<String> row : t.rows()) {
          out.add(String.join(" | ", row.stream().map(v -> v == null ? "NULL" : v).toList()));
        }
      } else if (r instanceof StatementResult.Query q) {
        try (QueryResult result = q.result()) {
          for (VectorSchemaRoot next = result.nextBatch(); next != null; next = result.nextBatch()) {
            try (VectorSchemaRoot batch = next) {
              // a changelog's rows start with their kind: +I | ..., -U | ...
              List<FieldVector> data = QueryResult.dataVectors(batch);
              boolean changelog = data.size() < batch.getFieldVectors().size();
              for (int row = 0; row < batch.getRowCount(); row++) {
                List<String> values = new ArrayList<>();
                if (changelog) {
                  values.add(QueryResult.kind(batch, row).shortString());
                }
                for (FieldVector v : data) {
                  String text = Values.text(v, row);
                  values.add(text == null ? "NULL" : text);
                }
                out.add(String.join(" | ", values));
              }
            }
          }
        }
      }
      return out;
    }

    private void record(GoldenFile.Case c, List<String> actual) {
      if (REWRITE && c.expectedFrom() >= 0) {
        String tmpText = tmp.toString();
        String dataText = ROOT.resolve("data").toAbsolutePath().toString();
        String kafkaText = kafka == null ? "${KAFKA}" : kafka.bootstrapServers();
        List<String> lines = actual.stream().map(l -> l.replace(tmpText, "${TMP}").replace(dataText, "${DATA}")
            .replace(kafkaText, "${KAFKA}")).toList();
        for (int i = c.expectedFrom(); i < c.expectedTo(); i++) {
          rewritten.set(i, null);
        }
        rewritten.set(c.expectedFrom(), String.join("\n", lines));
      }
    }

    void close() throws IOException {
      if (weir != null) {
        weir.close();
      }
      if (kafka != null) {
        kafka.close();
      }
      if (REWRITE) {
        Files.writeString(golden.path(), String.join("\n",
            rewritten.stream().filter(l -> l != null).toList()) + "\n");
      }
      try (Stream<Path> walk = Files.walk(tmp)) {
        walk.sorted(Comparator.reverseOrder()).forEach(p -> p.toFile().delete());
      }
    }
  }
}
