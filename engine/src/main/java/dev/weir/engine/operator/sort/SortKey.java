package dev.weir.engine.operator.sort;

import org.apache.arrow.vector.FieldVector;

/**
 * One key of an ORDER BY.
 *
 * @param column the column's index in the batch
 * @param descending whether larger values come first
 * @param nullsFirst whether nulls come before all values
 */
public record SortKey(int column, boolean descending, boolean nullsFirst) {

  /**
   * Orders value {@code i} of {@code a} against value {@code j} of {@code b} by this key: NULLs
   * where the key puts them, other values by {@code values} (reversed when descending).
   */
  public int compare(ValueComparator values, FieldVector a, int i, FieldVector b, int j) {
    boolean aNull = a.isNull(i);
    boolean bNull = b.isNull(j);
    if (aNull || bNull) {
      return aNull == bNull ? 0 : (aNull == nullsFirst ? -1 : 1);
    }
    int c = values.compare(a, i, b, j);
    return descending ? -c : c;
  }
}
