package dev.weir.engine.time;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.util.List;
import org.apache.arrow.memory.BufferAllocator;
import org.apache.arrow.memory.RootAllocator;
import org.apache.arrow.vector.TimeStampMilliVector;
import org.apache.arrow.vector.VectorSchemaRoot;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

class WatermarkStrategyTest {
  private static final long NONE = Long.MIN_VALUE;
  private static final long SECOND = 1_000_000_000L;
  private final BufferAllocator allocator = new RootAllocator();
  private final WatermarkStrategy strategy = new WatermarkStrategy(0, 100);

  @AfterEach
  void close() {
    allocator.close();
  }

  private long observe(WatermarkStrategy.Generator g, int split, int splits, long nowNanos, long... times) {
    TimeStampMilliVector v = new TimeStampMilliVector("ts", allocator);
    v.allocateNew(times.length);
    for (int i = 0; i < times.length; i++) {
      v.set(i, times[i]);
    }
    v.setValueCount(times.length);
    try (VectorSchemaRoot batch = new VectorSchemaRoot(List.of(v))) {
      return g.onBatch(batch, split, splits, nowNanos);
    }
  }

  @Test
  void aReaderWithoutSplitsTrailsItsLargestTime() {
    WatermarkStrategy.Generator g = strategy.newGenerator(0);
    assertEquals(1000 - 100 - 1, observe(g, -1, 0, 0, 500, 1000, 700));
    assertEquals(NONE, observe(g, -1, 0, 0, 900), "no new maximum, no new watermark");
  }

  @Test
  void theWatermarkFollowsTheSlowestSplitAndASplitWithoutRowsHoldsItBack() {
    WatermarkStrategy.Generator g = strategy.newGenerator(0);
    assertEquals(NONE, observe(g, 0, 2, 0, 5000), "split 1 has given nothing yet");
    assertEquals(2000 - 101, observe(g, 1, 2, 0, 2000));
    assertEquals(3000 - 101, observe(g, 1, 2, 0, 3000));
    assertEquals(4000 - 101, observe(g, 1, 2, 0, 4000));
    assertEquals(5000 - 101, observe(g, 1, 2, 0, 8000), "now split 0 is the slowest");
  }

  @Test
  void aQuietSplitStopsHoldingTheWatermarkBackAfterTheIdleTimeout() {
    WatermarkStrategy.Generator g = strategy.newGenerator(SECOND);
    assertEquals(NONE, observe(g, 0, 2, 0, 5000));
    assertEquals(NONE, g.onIdle(SECOND / 2), "split 1 is new, not idle yet");
    assertEquals(NONE, observe(g, 0, 2, 9 * SECOND / 10, 4000), "split 0 keeps giving rows");
    assertEquals(5000 - 101, g.onIdle(SECOND + 1), "split 1 has been quiet for the timeout");
    assertEquals(NONE, g.onIdle(3 * SECOND), "everything idle: the slowest split with rows is where it was");
    assertEquals(NONE, observe(g, 1, 2, 4 * SECOND, 4000), "a watermark never goes back");
  }

  @Test
  void whenEverySplitIsIdleTheSlowestSplitWithRowsMovesIt() {
    WatermarkStrategy.Generator g = strategy.newGenerator(SECOND);
    assertEquals(NONE, observe(g, 0, 2, 0, 12_000), "split 1 is new and holds it back");
    assertEquals(NONE, g.onIdle(SECOND / 2));
    assertEquals(12_000 - 101, g.onIdle(SECOND), "both quiet: the last windows of split 0 may close");
  }
}
