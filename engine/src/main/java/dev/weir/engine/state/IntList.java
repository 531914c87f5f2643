package dev.weir.engine.state;

import java.util.Arrays;
import java.util.function.IntUnaryOperator;

/** A growable list of ints, with no boxing: slots, row numbers. */
public final class IntList {
  private int[] values = new int[8];
  private int size;

  public void add(int v) {
    if (size == values.length) {
      values = Arrays.copyOf(values, size * 2);
    }
    values[size++] = v;
  }

  public int get(int i) {
    return values[i];
  }

  public int size() {
    return size;
  }

  /** The values, in an array that may be longer than {@link #size()}; valid until the next {@link #add}. */
  public int[] elements() {
    return values;
  }

  /** Replaces every value by {@code f} of it (slots renumbered by a compaction). */
  public void replaceAll(IntUnaryOperator f) {
    for (int i = 0; i < size; i++) {
      values[i] = f.applyAsInt(values[i]);
    }
  }
}
