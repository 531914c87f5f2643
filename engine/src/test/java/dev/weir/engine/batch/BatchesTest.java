package dev.weir.engine.batch;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Random;
import org.apache.arrow.memory.BufferAllocator;
import org.apache.arrow.memory.RootAllocator;
import org.apache.arrow.vector.BigIntVector;
import org.apache.arrow.vector.BitVector;
import org.apache.arrow.vector.DecimalVector;
import org.apache.arrow.vector.FieldVector;
import org.apache.arrow.vector.IntVector;
import org.apache.arrow.vector.VarCharVector;
import org.junit.jupiter.api.Test;

class BatchesTest {

  /** Vectors of several layouts with random values and nulls (a few empty strings too). */
  private static List<FieldVector> randomVectors(BufferAllocator allocator, Random random, int n) {
    BigIntVector longs = new BigIntVector("l", allocator);
    IntVector ints = new IntVector("i", allocator);
    VarCharVector strings = new VarCharVector("s", allocator);
    BitVector bools = new BitVector("b", allocator);
    DecimalVector decimals = new DecimalVector("d", allocator, 20, 2);
    for (int r = 0; r < n; r++) {
      if (random.nextInt(5) == 0) {
        longs.setNull(r);
        ints.setNull(r);
        strings.setNull(r);
        bools.setNull(r);
        decimals.setNull(r);
        continue;
      }
      longs.setSafe(r, random.nextLong());
      ints.setSafe(r, random.nextInt());
      strings.setSafe(r, ("v" + random.nextInt(1000)).repeat(random.nextInt(4)).getBytes(StandardCharsets.UTF_8));
      bools.setSafe(r, random.nextInt(2));
      decimals.setSafe(r, random.nextLong());
    }
    List<FieldVector> vectors = List.of(longs, ints, strings, bools, decimals);
    vectors.forEach(v -> v.setValueCount(n));
    return vectors;
  }

  @Test
  void gatherCopiesTheChosenRowsInOrderLikeCopyFromSafe() {
    Random random = new Random(7);
    try (BufferAllocator allocator = new RootAllocator()) {
      for (int round = 0; round < 50; round++) {
        int n = 1 + random.nextInt(300);
        List<FieldVector> vectors = randomVectors(allocator, random, n);
        int count = random.nextInt(2 * n);
        int[] rows = new int[count + random.nextInt(3)]; // may be longer than count
        for (int i = 0; i < rows.length; i++) {
          rows[i] = random.nextInt(n);
        }
        for (FieldVector from : vectors) {
          try (FieldVector gathered = (FieldVector) from.getTransferPair(allocator).getTo();
              FieldVector expected = (FieldVector) from.getTransferPair(allocator).getTo()) {
            Batches.gather(from, rows, count, gathered);
            expected.allocateNew();
            for (int i = 0; i < count; i++) {
              expected.copyFromSafe(rows[i], i, from);
            }
            expected.setValueCount(count);
            assertEquals(count, gathered.getValueCount());
            for (int i = 0; i < count; i++) {
              assertEquals(expected.getObject(i), gathered.getObject(i), from.getName() + " row " + i);
            }
          }
        }
        vectors.forEach(FieldVector::close);
      }
    } // the allocator's close fails on a leak
  }

  @Test
  void nullsMakesEveryValueNullForEveryLayout() {
    try (BufferAllocator allocator = new RootAllocator()) {
      List<FieldVector> vectors = randomVectors(allocator, new Random(3), 10);
      for (FieldVector from : vectors) {
        for (int count : new int[] {0, 1, 5000}) {
          try (FieldVector v = (FieldVector) from.getTransferPair(allocator).getTo()) {
            Batches.nulls(v, count);
            assertEquals(count, v.getValueCount());
            for (int i = 0; i < count; i++) {
              assertTrue(v.isNull(i), from.getName() + " row " + i);
            }
          }
        }
        from.close();
      }
    }
  }
}
