package dev.weir.engine.batch;

import java.util.ArrayList;
import java.util.List;
import org.apache.arrow.vector.FieldVector;
import org.apache.arrow.vector.VectorSchemaRoot;
import org.apache.arrow.vector.util.TransferPair;

/** Small operations on batches that several operators need. */
public final class Batches {
  private Batches() {}

  /** Moves the buffers of {@code batch} into a new root (zero copy); {@code batch} is left empty. */
  public static VectorSchemaRoot transfer(VectorSchemaRoot batch) {
    List<FieldVector> vectors = new ArrayList<>(batch.getFieldVectors().size());
    for (FieldVector v : batch.getFieldVectors()) {
      TransferPair tp = v.getTransferPair(v.getAllocator());
      tp.transfer();
      vectors.add((FieldVector) tp.getTo());
    }
    VectorSchemaRoot out = new VectorSchemaRoot(batch.getSchema().getFields(), vectors, batch.getRowCount());
    return out;
  }

  /** Rows {@code [from, from + length)} of {@code batch} as a new root sharing its buffers where Arrow can. */
  public static VectorSchemaRoot slice(VectorSchemaRoot batch, int from, int length) {
    List<FieldVector> vectors = new ArrayList<>(batch.getFieldVectors().size());
    for (FieldVector v : batch.getFieldVectors()) {
      TransferPair tp = v.getTransferPair(v.getAllocator());
      tp.splitAndTransfer(from, length);
      vectors.add((FieldVector) tp.getTo());
    }
    return new VectorSchemaRoot(batch.getSchema().getFields(), vectors, length);
  }

}
