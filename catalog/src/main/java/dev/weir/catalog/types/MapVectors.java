package dev.weir.catalog.types;

import java.util.Arrays;
import org.apache.arrow.vector.BaseVariableWidthVector;
import org.apache.arrow.vector.VarCharVector;
import org.apache.arrow.vector.complex.MapVector;
import org.apache.arrow.vector.complex.StructVector;

/**
 * {@code MAP<STRING, STRING|BYTES>} values (Kafka's headers) in Arrow's map layout: per row, a run
 * of (key, value) entries in the map's entry vectors; keys UTF-8 and never NULL. The one place that
 * knows that layout, for connectors, expressions and display alike.
 */
public final class MapVectors {
  private MapVectors() {}

  /** The keys of every entry of every row. */
  public static VarCharVector keys(MapVector map) {
    return (VarCharVector) map.getDataVector().getChildrenFromFields().get(0);
  }

  /** The values of every entry of every row (STRING or BYTES). */
  public static BaseVariableWidthVector values(MapVector map) {
    return (BaseVariableWidthVector) map.getDataVector().getChildrenFromFields().get(1);
  }

  /** The entry index (into {@link #keys} and {@link #values}) of {@code key} in row {@code row}, or -1. */
  public static int indexOf(MapVector map, int row, byte[] key) {
    VarCharVector keys = keys(map);
    for (int at = map.getElementStartIndex(row), end = map.getElementEndIndex(row); at < end; at++) {
      if (Arrays.equals(keys.get(at), key)) {
        return at;
      }
    }
    return -1;
  }

  /** Sets row {@code row} to the entries {@code keys[i]} (UTF-8) to {@code values[i]} (null for NULL). */
  public static void write(MapVector map, int row, byte[][] keys, byte[][] values) {
    StructVector entries = (StructVector) map.getDataVector();
    VarCharVector keyVector = keys(map);
    BaseVariableWidthVector valueVector = values(map);
    int start = map.startNewValue(row);
    for (int i = 0; i < keys.length; i++) {
      int at = start + i;
      entries.setIndexDefined(at);
      keyVector.setSafe(at, keys[i]);
      if (values[i] == null) {
        valueVector.setNull(at);
      } else {
        valueVector.setSafe(at, values[i]);
      }
    }
    map.endValue(row, keys.length);
  }
}
