package dev.weir.engine.operator.aggregate;

import dev.weir.catalog.types.Values;
import dev.weir.engine.batch.VectorWriter;
import java.nio.ByteBuffer;
import java.util.ArrayList;
import java.util.List;
import org.apache.arrow.vector.BitVector;
import org.apache.arrow.vector.FieldVector;

/**
 * What keyed operators share: a row's key (of a group, or of a top-N partition), a row into a
 * group's accumulators, and values back out.
 */
public final class Rows {
  private Rows() {}

  /** The group key of row {@code row}: the values of {@code keys}, bytes wrapped so that equal bytes are equal keys. */
  public static List<Object> key(List<FieldVector> vectors, int[] keys, int row) {
    List<Object> key = new ArrayList<>(keys.length);
    for (int k : keys) {
      Object v = Values.get(vectors.get(k), row);
      key.add(v instanceof byte[] b ? ByteBuffer.wrap(b) : v);
    }
    return key;
  }

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
  public static void set(FieldVector vector, int row, Object value) {
    VectorWriter.set(vector, row, value instanceof ByteBuffer b ? b.array() : value);
  }
}
