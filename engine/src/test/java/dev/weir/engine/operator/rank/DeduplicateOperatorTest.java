package dev.weir.engine.operator.rank;

import static org.junit.jupiter.api.Assertions.assertEquals;

import dev.weir.catalog.schema.Column;
import dev.weir.catalog.schema.RowKind;
import dev.weir.catalog.schema.TableSchema;
import dev.weir.catalog.types.DataType;
import dev.weir.catalog.types.Values;
import dev.weir.engine.operator.Operator;
import dev.weir.engine.operator.OperatorContext;
import dev.weir.engine.operator.Output;
import dev.weir.engine.operator.sort.SortKey;
import dev.weir.engine.state.StateReader;
import dev.weir.engine.state.StateWriter;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.function.Supplier;
import org.apache.arrow.memory.BufferAllocator;
import org.apache.arrow.memory.RootAllocator;
import org.apache.arrow.vector.BigIntVector;
import org.apache.arrow.vector.FieldVector;
import org.apache.arrow.vector.VarCharVector;
import org.apache.arrow.vector.VectorSchemaRoot;
import org.apache.arrow.vector.types.pojo.Schema;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/** Deduplication makes exactly the changes the general top-N makes for {@code rn = 1}, also across snapshots. */
class DeduplicateOperatorTest {
  private static final Schema INPUT = TableSchema.arrowSchema(List.of(
      Column.physical("k", DataType.bigint()), Column.physical("ts", DataType.bigint()),
      Column.physical("note", DataType.varchar())));
  private static final Schema OUTPUT = TableSchema.arrowSchema(List.of(
      Column.physical("k", DataType.bigint()), Column.physical("ts", DataType.bigint()),
      Column.physical("note", DataType.varchar()), Column.physical("rn", DataType.bigint()), RowKind.column()));

  private final BufferAllocator allocator = new RootAllocator();
  private final Map<String, Long> metrics = new HashMap<>();

  @AfterEach
  void close() {
    allocator.close();
  }

  /** Collects the changes, one line each: kind, the columns, the rank. */
  private static Output collector(List<String> changes) {
    return new Output() {
      @Override
      public void emit(VectorSchemaRoot batch) {
        try (batch) {
          for (int r = 0; r < batch.getRowCount(); r++) {
            StringBuilder line = new StringBuilder(RowKind.of(
                ((org.apache.arrow.vector.TinyIntVector) batch.getVector(4)).get(r)).shortString());
            for (int c = 0; c < 4; c++) {
              line.append(' ').append(Values.get(batch.getVector(c), r));
            }
            changes.add(line.toString());
          }
        }
      }

      @Override
      public void emitWatermark(long timestamp) {}

      @Override
      public void endOfInput() {}
    };
  }

  /** Random rows; times rise with {@code round}, so that later rows often replace earlier ones. */
  private VectorSchemaRoot batch(Random random, int rows, int keys, int round) {
    VectorSchemaRoot root = VectorSchemaRoot.create(INPUT, allocator);
    root.allocateNew();
    for (int i = 0; i < rows; i++) {
      ((BigIntVector) root.getVector(0)).setSafe(i, random.nextInt(keys));
      if (random.nextInt(10) == 0) {
        ((BigIntVector) root.getVector(1)).setNull(i);
      } else {
        ((BigIntVector) root.getVector(1)).setSafe(i, round * 10L + random.nextInt(50));
      }
      ((VarCharVector) root.getVector(2)).setSafe(i, ("n" + random.nextInt(1000)).getBytes(StandardCharsets.UTF_8));
    }
    root.setRowCount(rows);
    return root;
  }

  private Operator open(Supplier<Operator> factory) throws Exception {
    Operator op = factory.get();
    op.open(new OperatorContext("op", allocator, 0, 1, (name, delta) -> metrics.merge(name, delta, Long::sum)));
    return op;
  }

  /** {@code op} snapshotted and restored into a fresh instance (the old one closed). */
  private Operator roundTrip(Operator op, Supplier<Operator> factory) throws Exception {
    StateWriter writer = new StateWriter();
    op.snapshotState(writer);
    op.close();
    Operator fresh = open(factory);
    fresh.restoreState(new StateReader(writer.toByteArray()));
    return fresh;
  }

  @Test
  void makesTheChangesOfTheGeneralTopOne() throws Exception {
    for (boolean descending : new boolean[] {true, false}) {
      for (boolean withRank : new boolean[] {true, false}) {
        List<SortKey> order = List.of(new SortKey(1, descending, !descending));
        Supplier<Operator> rank = () -> new RankOperator(new int[] {0}, order, 1, 1, withRank, -1, INPUT, OUTPUT, 0,
            () -> 0L);
        Supplier<Operator> dedup = () -> new DeduplicateOperator(new int[] {0}, order, INPUT, OUTPUT, 0, () -> 0L);
        List<String> expected = new ArrayList<>();
        List<String> actual = new ArrayList<>();
        Random random = new Random(descending ? 1 : 2);
        Operator a = open(rank);
        Operator b = open(dedup);
        for (int round = 0; round < 40; round++) {
          long seed = random.nextLong();
          // many keys early (slots, arena compactions), then few (rows replaced again and again)
          int keys = round < 20 ? 3000 : 5;
          a.processBatch(0, batch(new Random(seed), 500, keys, round), collector(expected));
          b.processBatch(0, batch(new Random(seed), 500, keys, round), collector(actual));
          if (round % 7 == 3) {
            b = roundTrip(b, dedup);
          }
        }
        a.close();
        b.close();
        if (!withRank) { // the general operator writes 0 where it does not rank
          expected.replaceAll(line -> line.substring(0, line.lastIndexOf(' ')) + " 1");
          actual.replaceAll(line -> line.substring(0, line.lastIndexOf(' ')) + " 1");
        }
        assertEquals(expected, actual, "descending=" + descending + " withRank=" + withRank);
      }
    }
  }

  @Test
  void theStateTtlForgetsAKeyNothingTouched() throws Exception {
    long[] now = {0};
    Supplier<Operator> dedup = () -> new DeduplicateOperator(new int[] {0}, List.of(new SortKey(1, true, false)), INPUT,
        OUTPUT, 1000, () -> now[0]);
    List<String> changes = new ArrayList<>();
    Operator op = open(dedup);
    op.processBatch(0, rows(new long[][] {{1, 50}, {2, 7}}), collector(changes));
    now[0] = 600;
    op.processBatch(0, rows(new long[][] {{2, 8}}), collector(changes)); // key 2 touched, key 1 not
    op = roundTrip(op, dedup);
    now[0] = 1200;
    changes.clear();
    op.processBatch(0, rows(new long[][] {{1, 3}, {2, 1}}), collector(changes));
    op.close();
    // key 1's row was forgotten, so 3 is its first row again; key 2 keeps 8, which ranks before 1
    assertEquals(List.of("+I 1 3 x 1"), changes);
    assertEquals(1L, metrics.get(RankOperator.EXPIRED_PARTITIONS));
  }

  private VectorSchemaRoot rows(long[][] rows) {
    VectorSchemaRoot root = VectorSchemaRoot.create(INPUT, allocator);
    root.allocateNew();
    for (int i = 0; i < rows.length; i++) {
      ((BigIntVector) root.getVector(0)).setSafe(i, rows[i][0]);
      ((BigIntVector) root.getVector(1)).setSafe(i, rows[i][1]);
      ((VarCharVector) root.getVector(2)).setSafe(i, "x".getBytes(StandardCharsets.UTF_8));
    }
    root.setRowCount(rows.length);
    for (FieldVector v : root.getFieldVectors()) {
      v.setValueCount(rows.length);
    }
    return root;
  }
}
