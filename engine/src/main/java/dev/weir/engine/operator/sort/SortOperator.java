package dev.weir.engine.operator.sort;

import dev.weir.engine.operator.Operator;
import dev.weir.engine.operator.OperatorContext;
import dev.weir.engine.operator.Output;
import dev.weir.engine.state.StateReader;
import dev.weir.engine.state.StateWriter;
import java.io.IOException;
import java.util.ArrayList;
import java.util.List;
import org.apache.arrow.memory.BufferAllocator;
import org.apache.arrow.vector.FieldVector;
import org.apache.arrow.vector.VectorSchemaRoot;

/**
 * ORDER BY over a bounded input, with optional OFFSET/FETCH: holds every batch until the input
 * ends, then emits the rows in order. Runs as a single instance.
 */
public final class SortOperator implements Operator {
  private static final int OUTPUT_BATCH_ROWS = 4096;

  private final List<SortKey> keys;
  private final long offset;
  private final long fetch;
  private final List<VectorSchemaRoot> held = new ArrayList<>();
  private BufferAllocator allocator;
  private long heldWatermark = Long.MIN_VALUE;

  /** @param fetch the most rows to emit after {@code offset}, or -1 for all */
  public SortOperator(List<SortKey> keys, long offset, long fetch) {
    this.keys = List.copyOf(keys);
    this.offset = offset;
    this.fetch = fetch;
  }

  @Override
  public void open(OperatorContext context) {
    allocator = context.allocator();
  }

  @Override
  public void processBatch(int input, VectorSchemaRoot batch, Output out) {
    if (batch.getRowCount() == 0) {
      batch.close();
    } else {
      held.add(batch);
    }
  }

  /** Rows are held until the end, so the watermark is too: it must not pass rows still to come. */
  @Override
  public void onWatermark(long timestamp, Output out) {
    heldWatermark = Math.max(heldWatermark, timestamp);
  }

  @Override
  public void onEndOfInput(Output out) {
    emitSorted(out);
    if (heldWatermark != Long.MIN_VALUE) {
      out.emitWatermark(heldWatermark);
    }
  }

  private void emitSorted(Output out) {
    if (held.isEmpty()) {
      return;
    }
    int total = held.stream().mapToInt(VectorSchemaRoot::getRowCount).sum();
    long[] rows = new long[total];
    int n = 0;
    for (int b = 0; b < held.size(); b++) {
      for (int r = 0; r < held.get(b).getRowCount(); r++) {
        rows[n++] = ((long) b << 32) | r;
      }
    }
    ValueComparator[] comparators = new ValueComparator[keys.size()];
    for (int k = 0; k < keys.size(); k++) {
      comparators[k] = ValueComparator.forVector(held.get(0).getVector(keys.get(k).column()));
    }
    LongMergeSort.sort(rows, (x, y) -> compareRows(x, y, comparators));
    int from = (int) Math.min(total, offset);
    int to = fetch < 0 ? total : (int) Math.min(total, offset + fetch);
    VectorSchemaRoot first = held.get(0);
    for (int start = from; start < to; start += OUTPUT_BATCH_ROWS) {
      int count = Math.min(OUTPUT_BATCH_ROWS, to - start);
      VectorSchemaRoot chunk = VectorSchemaRoot.create(first.getSchema(), allocator);
      try {
        chunk.allocateNew();
        for (int c = 0; c < first.getFieldVectors().size(); c++) {
          FieldVector target = chunk.getVector(c);
          for (int r = 0; r < count; r++) {
            long pos = rows[start + r];
            target.copyFromSafe((int) pos, r, held.get((int) (pos >>> 32)).getVector(c));
          }
        }
        chunk.setRowCount(count);
      } catch (RuntimeException e) {
        chunk.close();
        throw e;
      }
      out.emit(chunk);
    }
    releaseHeld();
  }

  private int compareRows(long x, long y, ValueComparator[] comparators) {
    for (int k = 0; k < keys.size(); k++) {
      SortKey key = keys.get(k);
      int c = key.compare(comparators[k], held.get((int) (x >>> 32)).getVector(key.column()), (int) x,
          held.get((int) (y >>> 32)).getVector(key.column()), (int) y);
      if (c != 0) {
        return c;
      }
    }
    return 0;
  }

  private void releaseHeld() {
    held.forEach(VectorSchemaRoot::close);
    held.clear();
  }

  @Override
  public void snapshotState(StateWriter out) throws IOException {
    out.writeInt(held.size());
    for (VectorSchemaRoot batch : held) {
      out.writeVectors(batch);
    }
    out.writeLong(heldWatermark);
  }

  @Override
  public void restoreState(StateReader in) throws IOException {
    for (int b = 0, n = in.readInt(); b < n; b++) {
      held.add(in.readVectors(allocator));
    }
    heldWatermark = in.readLong();
  }

  @Override
  public void close() {
    releaseHeld();
  }
}
