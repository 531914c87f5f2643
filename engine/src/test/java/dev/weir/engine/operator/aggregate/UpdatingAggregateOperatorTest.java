package dev.weir.engine.operator.aggregate;

import static org.junit.jupiter.api.Assertions.assertEquals;

import dev.weir.catalog.schema.Column;
import dev.weir.catalog.schema.RowKind;
import dev.weir.catalog.schema.TableSchema;
import dev.weir.catalog.types.DataType;
import dev.weir.catalog.types.Values;
import dev.weir.engine.operator.OperatorContext;
import dev.weir.engine.operator.Output;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.apache.arrow.memory.BufferAllocator;
import org.apache.arrow.memory.RootAllocator;
import org.apache.arrow.vector.VarCharVector;
import org.apache.arrow.vector.VectorSchemaRoot;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

class UpdatingAggregateOperatorTest {
  private final BufferAllocator allocator = new RootAllocator();
  private final List<String> changes = new ArrayList<>();
  private final Map<String, Long> metrics = new HashMap<>();
  private long now;

  @AfterEach
  void close() {
    allocator.close();
  }

  private final Output out = new Output() {
    @Override
    public void emit(VectorSchemaRoot batch) {
      try (batch) {
        for (int r = 0; r < batch.getRowCount(); r++) {
          changes.add(RowKind.of((Byte) Values.get(batch.getVector(2), r)).shortString() + " "
              + Values.get(batch.getVector(0), r) + " " + Values.get(batch.getVector(1), r));
        }
      }
    }

    @Override
    public void emitWatermark(long timestamp) {}

    @Override
    public void endOfInput() {}
  };

  private VectorSchemaRoot keys(String... keys) {
    VarCharVector v = new VarCharVector("k", allocator);
    v.allocateNew();
    for (int i = 0; i < keys.length; i++) {
      v.setSafe(i, keys[i].getBytes(StandardCharsets.UTF_8));
    }
    v.setValueCount(keys.length);
    return new VectorSchemaRoot(List.of(v));
  }

  @Test
  void aGroupUntouchedForTheStateTtlIsForgottenWithoutAChange() {
    var schema = TableSchema.arrowSchema(List.of(Column.physical("k", DataType.varchar()),
        Column.physical("n", DataType.bigint()), RowKind.column()));
    var count = new AggregateSpec(AggregateSpec.Function.COUNT, -1, -1, true, -1);
    UpdatingAggregateOperator op = new UpdatingAggregateOperator(new int[] {0}, List.of(count), -1, schema, 100,
        () -> now);
    op.open(new OperatorContext("agg", allocator, 0, 1, (name, delta) -> metrics.merge(name, delta, Long::sum)));
    op.processBatch(0, keys("a", "b"), out);
    now = 50;
    op.processBatch(0, keys("a"), out);
    now = 120; // b was last touched at 0: forgotten; a at 50: kept
    op.processBatch(0, keys("a"), out);
    now = 130;
    op.processBatch(0, keys("b"), out);
    assertEquals(List.of("+I a 1", "+I b 1", "-U a 1", "+U a 2", "-U a 2", "+U a 3", "+I b 1"), changes);
    assertEquals(1L, metrics.get(UpdatingAggregateOperator.EXPIRED_GROUPS));
    op.close();
  }
}
