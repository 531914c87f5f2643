package dev.weir.catalog.connector.source;

import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import org.apache.arrow.memory.BufferAllocator;
import org.apache.arrow.memory.RootAllocator;
import org.apache.arrow.vector.VarCharVector;
import org.apache.arrow.vector.VectorSchemaRoot;
import org.apache.arrow.vector.complex.StructVector;
import org.apache.arrow.vector.types.pojo.ArrowType;
import org.apache.arrow.vector.types.pojo.Field;
import org.apache.arrow.vector.types.pojo.FieldType;
import org.apache.arrow.vector.types.pojo.Schema;
import org.junit.jupiter.api.Test;

/** A reader's next batches have room for the bytes its earlier ones held, in ROW fields too. */
class BatchAllocatorTest {
  private static final Schema SCHEMA = new Schema(List.of(
      Field.nullable("url", ArrowType.Utf8.INSTANCE),
      new Field("bid", FieldType.nullable(ArrowType.Struct.INSTANCE),
          List.of(Field.nullable("extra", ArrowType.Utf8.INSTANCE)))));

  private static void fill(VectorSchemaRoot root, int rows, int bytes) {
    VarCharVector url = (VarCharVector) root.getVector("url");
    StructVector bid = (StructVector) root.getVector("bid");
    VarCharVector extra = (VarCharVector) bid.getChild("extra");
    byte[] value = new byte[bytes];
    for (int i = 0; i < rows; i++) {
      url.setSafe(i, value);
      bid.setIndexDefined(i);
      extra.setSafe(i, value, 0, bytes / 2);
    }
    root.setRowCount(rows);
  }

  @Test
  void sizesTextColumnsByWhatEarlierBatchesHeld() {
    try (BufferAllocator allocator = new RootAllocator()) {
      BatchAllocator batches = new BatchAllocator(SCHEMA, allocator);
      try (VectorSchemaRoot first = batches.allocate(4096)) {
        assertTrue(((VarCharVector) first.getVector("url")).getDataBuffer().capacity() < 4096 * 80L,
            "before learning, Arrow's default of a few bytes a value");
        fill(first, 4096, 80);
        batches.learn(first);
      }
      try (VectorSchemaRoot next = batches.allocate(4096)) {
        VarCharVector url = (VarCharVector) next.getVector("url");
        VarCharVector extra = (VarCharVector) ((StructVector) next.getVector("bid")).getChild("extra");
        assertTrue(url.getDataBuffer().capacity() >= 4096 * 80L, "room for 80 bytes a value at once");
        assertTrue(extra.getDataBuffer().capacity() >= 4096 * 40L, "and for a ROW field's 40");
        long before = url.getDataBuffer().memoryAddress();
        fill(next, 4096, 80);
        assertTrue(url.getDataBuffer().memoryAddress() == before, "filling it did not reallocate");
      }
    }
  }
}
