package dev.weir.engine.operator.sort;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;

import java.util.Arrays;
import java.util.Random;
import org.junit.jupiter.api.Test;

class LongMergeSortTest {
  @Test
  void sortsLikeArraysSortAndIsStable() {
    Random random = new Random(7);
    for (int n : new int[] {0, 1, 15, 16, 17, 100, 5000}) {
      long[] values = new long[n];
      for (int i = 0; i < n; i++) {
        // key in the high bits (with many ties), original position in the low bits
        values[i] = ((long) random.nextInt(20) << 32) | i;
      }
      long[] expected = values.clone();
      Arrays.sort(expected); // by key, then position: what a stable sort by key alone must give
      LongMergeSort.sort(values, (a, b) -> Long.compare(a >>> 32, b >>> 32));
      assertArrayEquals(expected, values);
    }
  }
}
