package dev.weir.engine.batch;

import java.util.ArrayList;
import java.util.List;
import org.apache.arrow.memory.util.MemoryUtil;
import org.apache.arrow.vector.BaseFixedWidthVector;
import org.apache.arrow.vector.BaseVariableWidthVector;
import org.apache.arrow.vector.BitVector;
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

  /** Makes the empty vector {@code to} hold {@code count} NULLs. */
  public static void nulls(FieldVector to, int count) {
    if (to instanceof BaseVariableWidthVector v) {
      v.allocateNew(1, Math.max(count, 1));
      v.setLastSet(count - 1); // offsets start at zero, which is right for NULLs: nothing to fill in
    } else {
      to.setInitialCapacity(Math.max(count, 1));
      to.allocateNew();
    }
    to.setValueCount(count);
  }

  // The two loops below read and write the buffers by address: their sizes are checked once, when
  // the target is allocated for exactly these rows, instead of at every value.

  private static void gatherFixedWidth(BaseFixedWidthVector src, int[] rows, int count, BaseFixedWidthVector dst) {
    dst.allocateNew(Math.max(count, 1));
    int width = src.getTypeWidth();
    long from = src.getDataBuffer().memoryAddress();
    long to = dst.getDataBuffer().memoryAddress();
    long fromValid = src.getValidityBuffer().memoryAddress();
    long toValid = dst.getValidityBuffer().memoryAddress();
    for (int i = 0; i < count; i++) {
      int r = rows[i];
      if (!isSet(fromValid, r)) {
        continue; // validity starts cleared
      }
      set(toValid, i);
      if (width == 8) {
        MemoryUtil.putLong(to + (long) i * 8, MemoryUtil.getLong(from + (long) r * 8));
      } else if (width == 4) {
        MemoryUtil.putInt(to + (long) i * 4, MemoryUtil.getInt(from + (long) r * 4));
      } else {
        MemoryUtil.copyMemory(from + (long) r * width, to + (long) i * width, width);
      }
    }
  }

  private static void gatherVariableWidth(BaseVariableWidthVector src, int[] rows, int count,
      BaseVariableWidthVector dst) {
    long offsets = src.getOffsetBuffer().memoryAddress();
    long bytes = 0;
    for (int i = 0; i < count; i++) {
      long at = offsets + (long) rows[i] * 4;
      bytes += MemoryUtil.getInt(at + 4) - MemoryUtil.getInt(at);
    }
    dst.allocateNew(Math.max(bytes, 1), Math.max(count, 1));
    long data = src.getDataBuffer().memoryAddress();
    long fromValid = src.getValidityBuffer().memoryAddress();
    long toOffsets = dst.getOffsetBuffer().memoryAddress();
    long toData = dst.getDataBuffer().memoryAddress();
    long toValid = dst.getValidityBuffer().memoryAddress();
    int position = 0;
    for (int i = 0; i < count; i++) {
      int r = rows[i];
      if (isSet(fromValid, r)) {
        set(toValid, i);
        long at = offsets + (long) r * 4;
        int start = MemoryUtil.getInt(at);
        int length = MemoryUtil.getInt(at + 4) - start;
        MemoryUtil.copyMemory(data + start, toData + position, length);
        position += length;
      }
      MemoryUtil.putInt(toOffsets + (long) (i + 1) * 4, position);
    }
    dst.setLastSet(count - 1); // every offset is written: setValueCount must not fill them in again
  }

  /** Whether value {@code index} is present (not NULL) by the validity bitmap at address {@code validity}. */
  public static boolean isSet(long validity, int index) {
    return (MemoryUtil.getByte(validity + (index >>> 3)) & (1 << (index & 7))) != 0;
  }

  private static void set(long validity, int index) {
    long at = validity + (index >>> 3);
    MemoryUtil.putByte(at, (byte) (MemoryUtil.getByte(at) | (1 << (index & 7))));
  }
}
