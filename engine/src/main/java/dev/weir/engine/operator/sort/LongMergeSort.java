package dev.weir.engine.operator.sort;

/** A stable merge sort of {@code long}s by a comparator, without boxing (row positions in SortOperator). */
public final class LongMergeSort {
  /** Compares two longs. */
  public interface Comparator {
    int compare(long a, long b);
  }

  private LongMergeSort() {}

  public static void sort(long[] values, Comparator comparator) {
    long[] buffer = new long[values.length];
    sort(values, buffer, 0, values.length, comparator);
  }

  private static void sort(long[] a, long[] buffer, int from, int to, Comparator c) {
    if (to - from < 16) {
      for (int i = from + 1; i < to; i++) {
        long v = a[i];
        int j = i - 1;
        while (j >= from && c.compare(a[j], v) > 0) {
          a[j + 1] = a[j];
          j--;
        }
        a[j + 1] = v;
      }
      return;
    }
    int mid = (from + to) >>> 1;
    sort(a, buffer, from, mid, c);
    sort(a, buffer, mid, to, c);
    if (c.compare(a[mid - 1], a[mid]) <= 0) {
      return;
    }
    System.arraycopy(a, from, buffer, from, to - from);
    int i = from;
    int j = mid;
    for (int k = from; k < to; k++) {
      if (j >= to || (i < mid && c.compare(buffer[i], buffer[j]) <= 0)) {
        a[k] = buffer[i++];
      } else {
        a[k] = buffer[j++];
      }
    }
  }
}
