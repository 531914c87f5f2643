package dev.weir.connectors.nexmark;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.util.Random;
import org.junit.jupiter.api.Test;

/** The generator's unsynchronized random numbers are java.util.Random's, draw for draw. */
class PlainRandomTest {
  @Test
  void drawsWhatRandomDrawsFromTheSameSeed() {
    PlainRandom plain = new PlainRandom();
    Random reference = new Random();
    for (long seed : new long[] {0, 1, -1, 42, 1L << 47, 0x9E3779B97F4A7C15L, Long.MIN_VALUE}) {
      plain.setSeed(seed);
      reference.setSeed(seed);
      for (int i = 0; i < 2000; i++) {
        switch (i % 5) {
          case 0 -> assertEquals(reference.nextInt(), plain.nextInt(), "seed " + seed + " draw " + i);
          case 1 -> assertEquals(reference.nextInt(1 + i), plain.nextInt(1 + i), "seed " + seed + " draw " + i);
          case 2 -> assertEquals(reference.nextLong(), plain.nextLong(), "seed " + seed + " draw " + i);
          case 3 -> assertEquals(reference.nextDouble(), plain.nextDouble(), "seed " + seed + " draw " + i);
          default -> assertEquals(reference.nextInt(64), plain.nextInt(64), "seed " + seed + " draw " + i);
        }
      }
    }
  }
}
