package dev.weir.connectors.impulse;

import dev.weir.catalog.connector.source.ReaderContext;
import dev.weir.catalog.connector.source.Source;
import dev.weir.catalog.connector.source.SourceReader;
import dev.weir.catalog.connector.source.SourceSplit;
import java.util.ArrayList;
import java.util.List;
import org.apache.arrow.vector.BaseFixedWidthVector;
import org.apache.arrow.vector.BigIntVector;
import org.apache.arrow.vector.FieldVector;
import org.apache.arrow.vector.IntVector;
import org.apache.arrow.vector.TimeStampVector;
import org.apache.arrow.vector.VectorSchemaRoot;

/** Reader {@code i} of {@code n} emits counters {@code i, i+n, i+2n, ...} at {@code rate / n} rows per second. */
final class ImpulseSource implements Source {
  private final double rate;
  private final Long count;

  ImpulseSource(double rate, Long count) {
    this.rate = rate;
    this.count = count;
  }

  @Override
  public boolean isBounded() {
    return count != null;
  }

  private record Split(int index) implements SourceSplit {
    @Override
    public String id() {
      return "impulse-" + index;
    }
  }

  @Override
  public List<SourceSplit> splits(int parallelism) {
    List<SourceSplit> splits = new ArrayList<>();
    for (int i = 0; i < parallelism; i++) {
      splits.add(new Split(i));
    }
    return splits;
  }

  @Override
  public SourceReader createReader(List<SourceSplit> splits, ReaderContext context) {
    return new Reader(context);
  }

  private final class Reader implements SourceReader {
    private final ReaderContext context;
    private final long step;
    private final double perReaderRate;
    private long startNanos = System.nanoTime();
    private long next;
    private long emitted;

    Reader(ReaderContext context) {
      this.context = context;
      this.step = context.parallelism();
      this.next = context.subtask();
      this.perReaderRate = rate / context.parallelism();
    }

    @Override
    public VectorSchemaRoot poll() {
      if (isFinished()) {
        return null;
      }
      long n = context.batchSize();
      if (perReaderRate > 0) {
        double elapsed = (System.nanoTime() - startNanos) / 1e9;
        long due = (long) Math.floor(elapsed * perReaderRate) + 1 - emitted;
        n = Math.min(n, due);
      }
      if (count != null) {
        n = Math.min(n, (count - next + step - 1) / step);
      }
      if (n <= 0) {
        return null;
      }
      int rows = (int) n;
      VectorSchemaRoot root = VectorSchemaRoot.create(context.arrowSchema(), context.allocator());
      long now = System.currentTimeMillis();
      for (FieldVector v : root.getFieldVectors()) {
        ((BaseFixedWidthVector) v).allocateNew(rows);
        switch (v.getName()) {
          case "counter" -> {
            for (int r = 0; r < rows; r++) {
              setNumber(v, r, next + r * step);
            }
          }
          case "subtask_index" -> {
            for (int r = 0; r < rows; r++) {
              setNumber(v, r, context.subtask());
            }
          }
          default -> {
            TimeStampVector t = (TimeStampVector) v;
            for (int r = 0; r < rows; r++) {
              t.set(r, now);
            }
          }
        }
      }
      root.setRowCount(rows);
      next += rows * step;
      emitted += rows;
      return root;
    }

    private void setNumber(FieldVector v, int row, long value) {
      if (v instanceof BigIntVector b) {
        b.set(row, value);
      } else {
        ((IntVector) v).set(row, (int) value);
      }
    }

    @Override
    public boolean isFinished() {
      return count != null && next >= count;
    }

    @Override
    public byte[] position(long checkpointId) {
      return java.nio.ByteBuffer.allocate(16).putLong(next).putLong(emitted).array();
    }

    /** Goes on counting from the position, at the rate, as if it had been running all along. */
    @Override
    public void restore(byte[] position) {
      java.nio.ByteBuffer b = java.nio.ByteBuffer.wrap(position);
      next = b.getLong();
      emitted = b.getLong();
      if (perReaderRate > 0) {
        startNanos = System.nanoTime() - (long) (emitted / perReaderRate * 1e9);
      }
    }

    @Override
    public long idleNanos() {
      if (perReaderRate <= 0) {
        return 0;
      }
      double nextDueSeconds = emitted / perReaderRate;
      long wait = startNanos + (long) (nextDueSeconds * 1e9) - System.nanoTime();
      return Math.max(100_000L, wait);
    }

    @Override
    public void close() {}
  }
}
