package dev.weir.sql.translate;

import dev.weir.catalog.connector.source.ReaderContext;
import dev.weir.catalog.connector.source.Source;
import dev.weir.catalog.connector.source.SourceReader;
import dev.weir.catalog.connector.source.SourceSplit;
import dev.weir.engine.batch.VectorWriter;
import java.util.List;
import org.apache.arrow.vector.VectorSchemaRoot;

/** The rows of a {@code VALUES} clause (or a FROM-less SELECT) as a bounded source of one batch. */
final class ValuesSource implements Source {
  /** Rows of plain values: Long, Double, BigDecimal, Boolean, String, byte[], Integer (dates, times); null for NULL. */
  private final List<List<Object>> rows;

  ValuesSource(List<List<Object>> rows) {
    this.rows = rows;
  }

  @Override
  public boolean isBounded() {
    return true;
  }

  @Override
  public List<SourceSplit> splits(int parallelism) {
    return List.of(() -> "values");
  }

  @Override
  public SourceReader createReader(List<SourceSplit> splits, ReaderContext context) {
    return new SourceReader() {
      private boolean done = splits.isEmpty();

      @Override
      public VectorSchemaRoot poll() {
        if (done) {
          return null;
        }
        done = true;
        VectorSchemaRoot root = VectorSchemaRoot.create(context.arrowSchema(), context.allocator());
        try {
          root.allocateNew();
          for (int r = 0; r < rows.size(); r++) {
            for (int c = 0; c < root.getFieldVectors().size(); c++) {
              VectorWriter.set(root.getVector(c), r, rows.get(r).get(c));
            }
          }
          root.setRowCount(rows.size());
          return root;
        } catch (RuntimeException e) {
          root.close();
          throw e;
        }
      }

      @Override
      public boolean isFinished() {
        return done;
      }

      /** All rows go in one batch: the position is whether it went. */
      @Override
      public byte[] position(long checkpointId) {
        return new byte[] {(byte) (done ? 1 : 0)};
      }

      @Override
      public void restore(byte[] position) {
        done = position[0] == 1;
      }

      @Override
      public void close() {}
    };
  }
}
