package dev.weir.sql.session;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.List;
import org.apache.arrow.vector.BigIntVector;
import org.apache.arrow.vector.VectorSchemaRoot;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Weir used from Java: create an engine, declare a table, run a query, read rows and batches. */
class EmbeddingTest {
  @TempDir
  Path dir;

  @Test
  void queriesAFileAndReadsRowsAndBatches() throws Exception {
    Path input = dir.resolve("orders.json");
    Files.writeString(input, """
        {"id": 1, "item": "apple", "price": 3.5}
        {"id": 2, "item": "pear", "price": 12.0}
        {"id": 3, "item": "plum", "price": null}
        """);
    try (Weir weir = Weir.create()) {
      weir.execute("CREATE TABLE orders (id BIGINT, item STRING, price DOUBLE) WITH ("
          + "'connector' = 'filesystem', 'path' = '" + input + "', 'format' = 'json')");
      try (QueryResult result = weir.query("SELECT id, UPPER(item) AS item FROM orders WHERE price > 3 OR price IS NULL")) {
        assertEquals(List.of("id", "item"), result.columnNames());
        List<Row> rows = result.toList();
        assertEquals(List.of(List.of(1L, "APPLE"), List.of(2L, "PEAR"), List.of(3L, "PLUM")),
            rows.stream().map(Row::values).toList());
      }
      try (QueryResult result = weir.query("SELECT id * 10 FROM orders")) {
        long sum = 0;
        for (VectorSchemaRoot next = result.nextBatch(); next != null; next = result.nextBatch()) {
          try (VectorSchemaRoot batch = next) {
            BigIntVector v = (BigIntVector) batch.getVector(0);
            for (int i = 0; i < batch.getRowCount(); i++) {
              sum += v.get(i);
            }
          }
        }
        assertEquals(60, sum);
        assertTrue(result.isFinished());
      }
    }
  }

  @Test
  void aRowValueIsTheListOfItsFields() throws Exception {
    Path input = dir.resolve("people.json");
    Files.writeString(input, """
        {"id": 1, "person": {"name": "Peter", "address": {"zip": "83702"}}}
        {"id": 2, "person": null}
        """);
    try (Weir weir = Weir.create()) {
      weir.execute("CREATE TABLE people (id BIGINT, person ROW<name STRING, age INT, address ROW<zip STRING>>) WITH ("
          + "'connector' = 'filesystem', 'path' = '" + input + "', 'format' = 'json')");
      try (QueryResult result = weir.query("SELECT person FROM people")) {
        List<Row> rows = result.toList();
        assertEquals(Arrays.asList("Peter", null, List.of("83702")), rows.get(0).get(0));
        assertEquals(null, rows.get(1).get(0));
      }
    }
  }
}
