package dev.weir.engine.operator.rank;

import static org.junit.jupiter.api.Assertions.assertEquals;

import dev.weir.catalog.schema.Column;
import dev.weir.catalog.schema.RowKind;
import dev.weir.catalog.schema.TableSchema;
import dev.weir.catalog.types.DataType;
import dev.weir.catalog.types.Values;
import dev.weir.engine.operator.OperatorContext;
import dev.weir.engine.operator.Output;
import dev.weir.engine.operator.sort.SortKey;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.apache.arrow.memory.BufferAllocator;
import org.apache.arrow.memory.RootAllocator;
import org.apache.arrow.vector.BigIntVector;
import org.apache.arrow.vector.TinyIntVector;
import org.apache.arrow.vector.VectorSchemaRoot;
import org.apache.arrow.vector.types.pojo.Schema;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/** The top-N operator's changes, row by row, and its state TTL. */
class RankOperatorTest {
  private static final Schema INPUT = TableSchema.arrowSchema(List.of(
      Column.physical("k", DataType.of(DataType.Kind.BIGINT)), Column.physical("price", DataType.of(DataType.Kind.BIGINT))));
  private static final Schema OUTPUT = TableSchema.arrowSchema(List.of(
      Column.physical("k", DataType.of(DataType.Kind.BIGINT)), Column.physical("price", DataType.of(DataType.Kind.BIGINT)),
      Column.physical("rn", DataType.of(DataType.Kind.BIGINT)), RowKind.column()));

  private final BufferAllocator allocator = new RootAllocator();
  private final Map<String, Long> metrics = new HashMap<>();
  private final List<String> changes = new ArrayList<>();

  private final Output out = new Output() {
    @Override
    public void emit(VectorSchemaRoot batch) {
      try (batch) {
        for (int r = 0; r < batch.getRowCount(); r++) {
          changes.add(RowKind.of(((TinyIntVector) batch.getVector(3)).get(r)).shortString() + " "
              + Values.get(batch.getVector(0), r) + " " + Values.get(batch.getVector(1), r) + " #"
              + Values.get(batch.getVector(2), r));
        }
      }
    }

    @Override
    public void emitWatermark(long timestamp) {}

    @Override
    public void endOfInput() {}
  };

  @AfterEach
  void close() {
    allocator.close();
  }

  private VectorSchemaRoot rows(long[][] rows) {
    VectorSchemaRoot root = VectorSchemaRoot.create(INPUT, allocator);
    root.allocateNew();
    for (int i = 0; i < rows.length; i++) {
      ((BigIntVector) root.getVector(0)).setSafe(i, rows[i][0]);
      ((BigIntVector) root.getVector(1)).setSafe(i, rows[i][1]);
    }
    root.setRowCount(rows.length);
    return root;
  }

  private RankOperator open(boolean withRank, long ttl, long[] now) {
    RankOperator op = new RankOperator(new int[] {0}, List.of(new SortKey(1, true, false)), 1, 2, withRank, -1, INPUT,
        OUTPUT, ttl, () -> now[0]);
    op.open(new OperatorContext("rank", allocator, 0, 1, (name, delta) -> metrics.merge(name, delta, Long::sum)));
    return op;
  }

  @Test
  void withTheRankNumberEveryRowWhoseRankChangesIsUpdated() throws Exception {
    try (RankOperator op = open(true, 0, new long[1])) {
      op.processBatch(0, rows(new long[][] {{1, 10}, {1, 30}, {1, 20}, {1, 5}}), out);
    }
    assertEquals(List.of("+I 1 10 #1", "-U 1 10 #1", "+U 1 30 #1", "+I 1 10 #2", "-U 1 10 #2", "+U 1 20 #2"), changes);
  }

  @Test
  void withoutItOnlyRowsEnteringOrLeavingTheTopAreEmitted() throws Exception {
    try (RankOperator op = open(false, 0, new long[1])) {
      op.processBatch(0, rows(new long[][] {{1, 10}, {1, 30}, {1, 20}, {1, 5}}), out);
    }
    assertEquals(List.of("+I 1 10 #0", "+I 1 30 #0", "-U 1 10 #0", "+U 1 20 #0"), changes);
  }

  @Test
  void theStateTtlForgetsAPartitionNothingTouched() throws Exception {
    long[] now = {0};
    try (RankOperator op = open(true, 1000, now)) {
      op.processBatch(0, rows(new long[][] {{1, 50}, {1, 40}, {2, 7}}), out);
      now[0] = 600;
      op.processBatch(0, rows(new long[][] {{2, 8}}), out); // key 2 touched, key 1 not
      now[0] = 1200;
      changes.clear();
      op.processBatch(0, rows(new long[][] {{1, 3}, {2, 1}}), out);
    }
    // key 1's top was forgotten, so 3 ranks first again; key 2's (8, 7) was kept, so 1 ranks below it
    assertEquals(List.of("+I 1 3 #1"), changes);
    assertEquals(1L, metrics.get(RankOperator.EXPIRED_PARTITIONS));
  }
}
