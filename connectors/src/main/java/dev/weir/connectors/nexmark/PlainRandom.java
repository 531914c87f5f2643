package dev.weir.connectors.nexmark;

import java.util.Random;

/**
 * {@link Random}'s generator without its thread safety: the same numbers from the same seed, but
 * the state is a plain field rather than an atomic one, so a draw costs no compare-and-set. The
 * generator draws a dozen to a hundred numbers per event, on one thread.
 */
final class PlainRandom extends Random {
  private static final long MULTIPLIER = 0x5DEECE66DL;
  private static final long MASK = (1L << 48) - 1;

  private long state;

  @Override
  public void setSeed(long seed) {
    state = (seed ^ MULTIPLIER) & MASK;
  }

  @Override
  protected int next(int bits) {
    state = (state * MULTIPLIER + 0xBL) & MASK;
    return (int) (state >>> (48 - bits));
  }
}
