package dev.weir.engine.operator.rank;

import dev.weir.catalog.schema.RowKind;
import dev.weir.engine.batch.Batches;
import dev.weir.engine.operator.Output;
import dev.weir.engine.state.IntList;
import org.apache.arrow.memory.BufferAllocator;
import org.apache.arrow.vector.BigIntVector;
import org.apache.arrow.vector.TinyIntVector;
import org.apache.arrow.vector.VectorSchemaRoot;
import org.apache.arrow.vector.types.pojo.Schema;

/**
 * The changes one batch makes to a top-N, as held rows with their kind and rank, written out
 * column by column: the rows' columns, the rank number, the row kind.
 */
final class RankChanges {
  private final IntList rows = new IntList();
  private final IntList kinds = new IntList();
  private final IntList ranks = new IntList();

  void add(int row, RowKind kind, int rank) {
    rows.add(row);
    kinds.add(kind.code());
    ranks.add(rank);
  }

  /** Emits the changes as one batch of {@code outputSchema}, taking the rows from {@code held}. */
  void emit(VectorSchemaRoot held, Schema outputSchema, BufferAllocator allocator, Output out) {
    int n = rows.size();
    if (n == 0) {
      return;
    }
    VectorSchemaRoot result = VectorSchemaRoot.create(outputSchema, allocator);
    try {
      int width = outputSchema.getFields().size() - 2;
      for (int c = 0; c < width; c++) {
        Batches.gather(held.getVector(c), rows.elements(), n, result.getVector(c));
      }
      BigIntVector rank = (BigIntVector) result.getVector(width);
      TinyIntVector kind = (TinyIntVector) result.getVector(width + 1);
      rank.allocateNew(n);
      kind.allocateNew(n);
      for (int r = 0; r < n; r++) {
        rank.set(r, ranks.get(r));
        kind.set(r, (byte) kinds.get(r));
      }
      result.setRowCount(n);
    } catch (RuntimeException e) {
      result.close();
      throw e;
    }
    out.emit(result);
  }
}
