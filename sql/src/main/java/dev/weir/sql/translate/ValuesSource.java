package dev.weir.sql.translate;

import dev.weir.catalog.connector.source.ReaderContext;
import dev.weir.catalog.connector.source.Source;
import dev.weir.catalog.connector.source.SourceReader;
import dev.weir.catalog.connector.source.SourceSplit;
import java.math.BigDecimal;
import java.nio.charset.StandardCharsets;
import java.util.List;
import org.apache.arrow.vector.BigIntVector;
import org.apache.arrow.vector.BitVector;
import org.apache.arrow.vector.DateDayVector;
import org.apache.arrow.vector.DecimalVector;
import org.apache.arrow.vector.FieldVector;
import org.apache.arrow.vector.Float4Vector;
import org.apache.arrow.vector.Float8Vector;
import org.apache.arrow.vector.IntVector;
import org.apache.arrow.vector.SmallIntVector;
import org.apache.arrow.vector.TimeMilliVector;
import org.apache.arrow.vector.TimeStampVector;
import org.apache.arrow.vector.TinyIntVector;
import org.apache.arrow.vector.VarBinaryVector;
import org.apache.arrow.vector.VarCharVector;
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
        root.allocateNew();
        for (int r = 0; r < rows.size(); r++) {
          for (int c = 0; c < root.getFieldVectors().size(); c++) {
            set(root.getVector(c), r, rows.get(r).get(c));
          }
        }
        root.setRowCount(rows.size());
        return root;
      }

      @Override
      public boolean isFinished() {
        return done;
      }

      @Override
      public void close() {}
    };
  }

  private static void set(FieldVector v, int row, Object value) {
    if (value == null) {
      v.setNull(row);
    } else if (v instanceof BigIntVector x) {
      x.setSafe(row, ((Number) value).longValue());
    } else if (v instanceof IntVector x) {
      x.setSafe(row, ((Number) value).intValue());
    } else if (v instanceof SmallIntVector x) {
      x.setSafe(row, ((Number) value).shortValue());
    } else if (v instanceof TinyIntVector x) {
      x.setSafe(row, ((Number) value).byteValue());
    } else if (v instanceof Float8Vector x) {
      x.setSafe(row, ((Number) value).doubleValue());
    } else if (v instanceof Float4Vector x) {
      x.setSafe(row, ((Number) value).floatValue());
    } else if (v instanceof DecimalVector x) {
      x.setSafe(row, ((BigDecimal) value).setScale(x.getScale(), java.math.RoundingMode.HALF_UP));
    } else if (v instanceof BitVector x) {
      x.setSafe(row, (Boolean) value ? 1 : 0);
    } else if (v instanceof VarCharVector x) {
      x.setSafe(row, value.toString().getBytes(StandardCharsets.UTF_8));
    } else if (v instanceof VarBinaryVector x) {
      x.setSafe(row, (byte[]) value);
    } else if (v instanceof DateDayVector x) {
      x.setSafe(row, ((Number) value).intValue());
    } else if (v instanceof TimeMilliVector x) {
      x.setSafe(row, ((Number) value).intValue());
    } else if (v instanceof TimeStampVector x) {
      x.setSafe(row, ((Number) value).longValue());
    } else {
      throw new IllegalArgumentException("VALUES of type " + v.getField().getType() + " are not supported");
    }
  }
}
