package dev.weir.engine.runtime;

import dev.weir.catalog.connector.source.ReaderContext;
import dev.weir.catalog.connector.source.Source;
import dev.weir.catalog.connector.source.SourceReader;
import dev.weir.catalog.connector.source.SourceSplit;
import dev.weir.catalog.schema.Column;
import dev.weir.catalog.types.DataType;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.atomic.AtomicLong;
import org.apache.arrow.vector.BigIntVector;
import org.apache.arrow.vector.TimeStampMilliVector;
import org.apache.arrow.vector.VectorSchemaRoot;

/** Sources for engine tests: a counter in {@code n} splits, with an event-time column. */
final class TestSources {
  static final List<Column> COLUMNS = List.of(Column.physical("v", DataType.bigint()),
      Column.physical("ts", DataType.timestamp()));

  private TestSources() {}

  /**
   * Counts from 0 to {@code rows} (or forever if negative) in {@code splits} splits; each value's
   * event time is the value itself in ms. {@code produced} counts rows handed to the engine.
   */
  static Source counter(long rows, int splits, int batch, AtomicLong produced, String failAt) {
    return counter(rows, splits, batch, produced, failAt, false);
  }

  /** As above; with {@code stall}, a reader that has read everything idles instead of ending. */
  static Source counter(long rows, int splits, int batch, AtomicLong produced, String failAt, boolean stall) {
    return new Source() {
      @Override
      public boolean isBounded() {
        return rows >= 0;
      }

      @Override
      public List<SourceSplit> splits(int parallelism) {
        List<SourceSplit> out = new ArrayList<>();
        for (int i = 0; i < splits; i++) {
          int index = i;
          out.add(() -> "split-" + index);
        }
        return out;
      }

      @Override
      public SourceReader createReader(List<SourceSplit> assigned, ReaderContext context) {
        List<Integer> mine = assigned.stream().map(s -> Integer.parseInt(s.id().substring(6))).toList();
        return new SourceReader() {
          private final long[] next = mine.stream().mapToLong(i -> i).toArray();
          private int current;

          @Override
          public VectorSchemaRoot poll() {
            if (current >= next.length) {
              return null;
            }
            if (failAt != null) {
              throw new IllegalStateException(failAt);
            }
            VectorSchemaRoot root = VectorSchemaRoot.create(context.arrowSchema(), context.allocator());
            BigIntVector v = (BigIntVector) root.getVector(0);
            TimeStampMilliVector ts = (TimeStampMilliVector) root.getVector(1);
            v.allocateNew(batch);
            ts.allocateNew(batch);
            int n = 0;
            while (n < batch && (rows < 0 || next[current] < rows)) {
              v.set(n, next[current]);
              ts.set(n, next[current]);
              next[current] += splits;
              n++;
            }
            root.setRowCount(n);
            produced.addAndGet(n);
            if (rows >= 0 && next[current] >= rows) {
              current++;
            }
            return root;
          }

          @Override
          public boolean isFinished() {
            return !stall && current >= next.length;
          }

          @Override
          public void close() {}
        };
      }
    };
  }
}
