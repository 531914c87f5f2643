package dev.weir.engine.operator.aggregate;

import dev.weir.catalog.types.Values;
import dev.weir.engine.batch.VectorWriter;
import java.nio.ByteBuffer;
import java.util.List;
import org.apache.arrow.vector.BitVector;
import org.apache.arrow.vector.FieldVector;

/** What aggregating operators share: a row into a group's accumulators, and values back out. */
final class Rows {
  private Rows() {}

  /** Adds row {@code row} to the accumulators (or takes it back), each under its FILTER (WHERE ...). */
  static void accumulate(Accumulator[] accumulators, List<AggregateSpec> aggregates, List<FieldVector> vectors,
      int row, boolean add) {
    for (int j = 0; j < accumulators.length; j++) {
      AggregateSpec spec = aggregates.get(j);
      if (spec.filter() >= 0) {
        BitVector f = (BitVector) vectors.get(spec.filter());
        if (f.isNull(row) || f.get(row) == 0) {
          continue;
        }
      }
      Object value = spec.argument() < 0 ? Boolean.TRUE : Values.get(vectors.get(spec.argument()), row);
      if (add) {
        accumulators[j].add(value);
      } else {
        accumulators[j].retract(value);
      }
    }
  }

  /** Writes a key or result value (a wrapped key's bytes unwrapped). */
  static void set(FieldVector vector, int row, Object value) {
    VectorWriter.set(vector, row, value instanceof ByteBuffer b ? b.array() : value);
  }
}
