package dev.weir.engine.operator.rank;

import dev.weir.engine.operator.sort.SortKey;
import dev.weir.engine.operator.sort.ValueComparator;
import dev.weir.engine.state.RowArena;
import java.util.List;
import org.apache.arrow.memory.BufferAllocator;
import org.apache.arrow.vector.VectorSchemaRoot;
import org.apache.arrow.vector.types.pojo.Schema;

/**
 * The rows a top-N holds, in an arena, and their order: how a held row ranks against a row of an
 * incoming batch, by the ORDER BY keys, reading values unboxed.
 */
final class RankedRows implements AutoCloseable {
  private final List<SortKey> sortKeys;
  private final RowArena arena;
  private final ValueComparator[] comparators;

  RankedRows(Schema schema, List<SortKey> sortKeys, BufferAllocator allocator) {
    this.sortKeys = List.copyOf(sortKeys);
    this.arena = new RowArena(schema, allocator);
    this.comparators = new ValueComparator[sortKeys.size()];
    for (int k = 0; k < comparators.length; k++) {
      comparators[k] = ValueComparator.forVector(arena.rows().getVector(sortKeys.get(k).column()));
    }
  }

  RowArena arena() {
    return arena;
  }

  /** Orders held row {@code a} against row {@code b} of {@code batch}; ties rank the held row (the earlier) first. */
  int compare(int a, VectorSchemaRoot batch, int b) {
    for (int k = 0; k < comparators.length; k++) {
      SortKey key = sortKeys.get(k);
      int c = key.compare(comparators[k], arena.rows().getVector(key.column()), a, batch.getVector(key.column()), b);
      if (c != 0) {
        return c;
      }
    }
    return 0;
  }

  @Override
  public void close() {
    arena.close();
  }
}
