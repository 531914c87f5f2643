package dev.weir.connectors.format;

import java.util.ArrayList;
import java.util.List;
import org.apache.arrow.vector.FieldVector;
import org.apache.arrow.vector.VectorSchemaRoot;

/**
 * Views of some of a batch's vectors, for a format that reads or fills just those (a record's
 * value columns, a change event's data without its row kind). A view is never closed: the batch
 * owns the vectors.
 */
public final class BatchViews {
  private BatchViews() {}

  /** The vectors at {@code columns}, in that order. */
  public static VectorSchemaRoot of(VectorSchemaRoot batch, int[] columns) {
    List<FieldVector> vectors = new ArrayList<>(columns.length);
    for (int c : columns) {
      vectors.add(batch.getVector(c));
    }
    return new VectorSchemaRoot(vectors);
  }

  /** The first {@code count} vectors. */
  public static VectorSchemaRoot first(VectorSchemaRoot batch, int count) {
    return new VectorSchemaRoot(new ArrayList<>(batch.getFieldVectors().subList(0, count)));
  }
}
