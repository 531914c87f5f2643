package dev.weir.connectors.format;

import org.apache.arrow.vector.VarBinaryVector;
import org.apache.arrow.vector.VarCharVector;
import org.apache.arrow.vector.complex.MapVector;
import org.apache.arrow.vector.complex.StructVector;

/**
 * Reads and writes {@code MAP<VARCHAR, VARBINARY>} values (Kafka's headers) in Arrow's map layout:
 * a list of (key, value) structs, keys never NULL.
 */
public final class MapColumns {
  private MapColumns() {}

  /** Sets row {@code row} to the map of {@code keys[i]} (UTF-8) to {@code values[i]} (NULL where null). */
  public static void writeBytesMap(MapVector map, int row, byte[][] keys, byte[][] values) {
    StructVector entries = (StructVector) map.getDataVector();
    VarCharVector keyVector = (VarCharVector) entries.getChild(MapVector.KEY_NAME);
    VarBinaryVector valueVector = (VarBinaryVector) entries.getChild(MapVector.VALUE_NAME);
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

  /** The number of entries of row {@code row} (which must not be NULL). */
  public static int size(MapVector map, int row) {
    return map.getElementEndIndex(row) - map.getElementStartIndex(row);
  }

  /** The UTF-8 key of entry {@code i} of row {@code row}. */
  public static byte[] key(MapVector map, int row, int i) {
    StructVector entries = (StructVector) map.getDataVector();
    return ((VarCharVector) entries.getChild(MapVector.KEY_NAME)).get(map.getElementStartIndex(row) + i);
  }

  /** The value of entry {@code i} of row {@code row}, or null. */
  public static byte[] bytesValue(MapVector map, int row, int i) {
    StructVector entries = (StructVector) map.getDataVector();
    VarBinaryVector values = (VarBinaryVector) entries.getChild(MapVector.VALUE_NAME);
    int at = map.getElementStartIndex(row) + i;
    return values.isNull(at) ? null : values.get(at);
  }
}
