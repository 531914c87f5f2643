package dev.weir.engine.batch;

import java.math.BigDecimal;
import java.math.RoundingMode;
import java.nio.charset.StandardCharsets;
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

/**
 * Writes a plain Java value (as {@code catalog.types.Values.get} reads it: Long, Integer, Double,
 * BigDecimal, Boolean, String, byte[]; timestamps as epoch-millis Long) into a vector. For state
 * that is emitted once per key, not for per-row hot paths.
 */
public final class VectorWriter {
  private VectorWriter() {}

  public static void set(FieldVector v, int row, Object value) {
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
      BigDecimal d = value instanceof BigDecimal b ? b : new BigDecimal(value.toString());
      x.setSafe(row, d.setScale(x.getScale(), RoundingMode.HALF_UP));
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
      throw new IllegalArgumentException("cannot write values of type " + v.getField().getType());
    }
  }
}
