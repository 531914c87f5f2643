package dev.weir.engine.batch;

import java.util.ArrayList;
import java.util.List;
import org.apache.arrow.memory.ArrowBuf;
import org.apache.arrow.vector.BaseFixedWidthVector;
import org.apache.arrow.vector.BaseVariableWidthVector;
import org.apache.arrow.vector.BitVector;
import org.apache.arrow.vector.BitVectorHelper;
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

  /**
   * Copies rows {@code rows[0..count)} of {@code from}, in that order, into the empty vector {@code
   * to} of the same type, and sets its value count. Fixed-width and variable-width vectors are
   * copied buffer to buffer, sized once (a variable-width vector's data buffer to the exact bytes
   * its rows hold), instead of value by value with a capacity check and regrowth each time.
   */
  public static void gather(FieldVector from, int[] rows, int count, FieldVector to) {
    if (from instanceof BaseVariableWidthVector src && to instanceof BaseVariableWidthVector dst) {
      gatherVariableWidth(src, rows, count, dst);
    } else if (from instanceof BaseFixedWidthVector src && to instanceof BaseFixedWidthVector dst
        && !(from instanceof BitVector)) {
      gatherFixedWidth(src, rows, count, dst);
    } else {
      to.setInitialCapacity(count);
      to.allocateNew();
      for (int i = 0; i < count; i++) {
        to.copyFromSafe(rows[i], i, from);
      }
    }
    to.setValueCount(count);
  }

  private static void gatherFixedWidth(BaseFixedWidthVector src, int[] rows, int count, BaseFixedWidthVector dst) {
    dst.allocateNew(Math.max(count, 1));
    int width = src.getTypeWidth();
    ArrowBuf from = src.getDataBuffer();
    ArrowBuf to = dst.getDataBuffer();
    ArrowBuf valid = dst.getValidityBuffer();
    for (int i = 0; i < count; i++) {
      int r = rows[i];
      if (src.isNull(r)) {
        continue; // validity starts cleared
      }
      BitVectorHelper.setBit(valid, i);
      if (width == 8) {
        to.setLong((long) i * 8, from.getLong((long) r * 8));
      } else if (width == 4) {
        to.setInt((long) i * 4, from.getInt((long) r * 4));
      } else {
        to.setBytes((long) i * width, from, (long) r * width, width);
      }
    }
  }

  private static void gatherVariableWidth(BaseVariableWidthVector src, int[] rows, int count,
      BaseVariableWidthVector dst) {
    ArrowBuf offsets = src.getOffsetBuffer();
    long bytes = 0;
    for (int i = 0; i < count; i++) {
      long r = rows[i];
      bytes += offsets.getInt((r + 1) * 4) - offsets.getInt(r * 4);
    }
    dst.allocateNew(Math.max(bytes, 1), Math.max(count, 1));
    ArrowBuf data = src.getDataBuffer();
    ArrowBuf toOffsets = dst.getOffsetBuffer();
    ArrowBuf toData = dst.getDataBuffer();
    ArrowBuf valid = dst.getValidityBuffer();
    int position = 0;
    for (int i = 0; i < count; i++) {
      int r = rows[i];
      if (!src.isNull(r)) {
        BitVectorHelper.setBit(valid, i);
        int start = offsets.getInt((long) r * 4);
        int length = offsets.getInt((long) r * 4 + 4) - start;
        toData.setBytes(position, data, start, length);
        position += length;
      }
      toOffsets.setInt((long) (i + 1) * 4, position);
    }
    dst.setLastSet(count - 1); // every offset is written: setValueCount must not fill them in again
  }
}
