package dev.weir.catalog.types;

import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Collections;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.StringJoiner;
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
import org.apache.arrow.vector.complex.MapVector;
import org.apache.arrow.vector.complex.StructVector;

/**
 * Reading single values out of vectors for people and tests (display, golden files). Not for hot
 * paths: it boxes.
 */
public final class Values {
  private Values() {}

  /**
   * The value as a plain Java object: Long, Integer, Double, Boolean, BigDecimal, String, byte[],
   * for a MAP a {@code Map} of such values, for a ROW an unmodifiable {@code List} of its field
   * values in order; null for NULL.
   */
  public static Object get(FieldVector v, int row) {
    if (v.isNull(row)) {
      return null;
    }
    if (v instanceof VarCharVector s) {
      return new String(s.get(row), StandardCharsets.UTF_8);
    }
    if (v instanceof VarBinaryVector b) {
      return b.get(row);
    }
    if (v instanceof TimeStampVector t) {
      return t.get(row);
    }
    if (v instanceof TimeMilliVector t) {
      return t.get(row); // milliseconds of the day, as DATE values are epoch days
    }
    if (v instanceof DateDayVector d) {
      return d.get(row);
    }
    if (v instanceof MapVector m) {
      Map<Object, Object> map = new LinkedHashMap<>();
      for (int i = m.getElementStartIndex(row); i < m.getElementEndIndex(row); i++) {
        map.put(get(MapVectors.keys(m), i), get(MapVectors.values(m), i));
      }
      return map;
    }
    if (v instanceof StructVector struct) {
      List<Object> fields = new ArrayList<>(struct.size());
      for (FieldVector child : struct.getChildrenFromFields()) {
        fields.add(get(child, row));
      }
      return Collections.unmodifiableList(fields);
    }
    return v.getObject(row);
  }

  /**
   * The value as SQL text: {@code 2015-07-15 00:00:01.123}, {@code 12.50}, {@code true}; a ROW as
   * its fields in parentheses, {@code (1001, Peter Jones, NULL)} (Flink's style); null for NULL.
   */
  public static String text(FieldVector v, int row) {
    if (v.isNull(row)) {
      return null;
    }
    if (v instanceof VarCharVector s) {
      return new String(s.get(row), StandardCharsets.UTF_8);
    } else if (v instanceof BigIntVector x) {
      return Long.toString(x.get(row));
    } else if (v instanceof IntVector x) {
      return Integer.toString(x.get(row));
    } else if (v instanceof SmallIntVector x) {
      return Short.toString(x.get(row));
    } else if (v instanceof TinyIntVector x) {
      return Byte.toString(x.get(row));
    } else if (v instanceof Float8Vector x) {
      return Double.toString(x.get(row));
    } else if (v instanceof Float4Vector x) {
      return Float.toString(x.get(row));
    } else if (v instanceof BitVector x) {
      return x.get(row) != 0 ? "true" : "false";
    } else if (v instanceof DecimalVector x) {
      return x.getObject(row).toPlainString();
    } else if (v instanceof TimeStampVector x) {
      return Temporal.formatTimestamp(x.get(row));
    } else if (v instanceof DateDayVector x) {
      return Temporal.formatDate(x.get(row));
    } else if (v instanceof TimeMilliVector x) {
      return Temporal.formatTime(x.get(row));
    } else if (v instanceof VarBinaryVector x) {
      return "x'" + HexFormat.of().formatHex(x.get(row)) + "'";
    } else if (v instanceof MapVector m) {
      StringJoiner entries = new StringJoiner(", ", "{", "}");
      for (int i = m.getElementStartIndex(row); i < m.getElementEndIndex(row); i++) {
        String value = text(MapVectors.values(m), i);
        entries.add(text(MapVectors.keys(m), i) + "=" + (value == null ? "NULL" : value));
      }
      return entries.toString();
    } else if (v instanceof StructVector struct) {
      StringJoiner fields = new StringJoiner(", ", "(", ")");
      for (FieldVector child : struct.getChildrenFromFields()) {
        String value = text(child, row);
        fields.add(value == null ? "NULL" : value);
      }
      return fields.toString();
    }
    return String.valueOf(v.getObject(row));
  }
}
