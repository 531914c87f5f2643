package dev.weir.engine.time;

import java.util.Arrays;
import org.apache.arrow.vector.TimeStampVector;
import org.apache.arrow.vector.VectorSchemaRoot;

/**
 * Bounded out-of-orderness: the watermark trails the largest event time seen by {@code delayMillis}
 * (Flink's {@code WATERMARK FOR ts AS ts - INTERVAL ...}). One instance per source reader.
 *
 * @param column the index of the event-time column in the source's batches
 * @param delayMillis how far the watermark trails
 */
public record WatermarkStrategy(int column, long delayMillis) {

  /** Tracks the largest event time of one reader. */
  public Generator newGenerator() {
    return new Generator();
  }

  /**
   * Per-reader state: the largest event time of each split the reader has seen rows of (a reader
   * whose batches mix splits has one). The watermark follows the smallest of them.
   */
  public final class Generator {
    private long[] maxTimestamps = new long[0];
    private long emitted = Long.MIN_VALUE;

    /**
     * Observes a batch whose rows all come from split {@code split} (-1: unknown, mixed);
     * returns the new watermark, or {@code Long.MIN_VALUE} if it did not advance.
     */
    public long onBatch(VectorSchemaRoot batch, int split) {
      int slot = split + 1;
      if (slot >= maxTimestamps.length) {
        int old = maxTimestamps.length;
        maxTimestamps = Arrays.copyOf(maxTimestamps, slot + 1);
        Arrays.fill(maxTimestamps, old, maxTimestamps.length, UNSEEN);
      }
      TimeStampVector v = (TimeStampVector) batch.getVector(column);
      long max = maxTimestamps[slot] == UNSEEN ? Long.MIN_VALUE : maxTimestamps[slot];
      for (int i = 0, n = batch.getRowCount(); i < n; i++) {
        if (!v.isNull(i)) {
          long t = v.get(i);
          if (t > max) {
            max = t;
          }
        }
      }
      if (max == Long.MIN_VALUE) {
        return Long.MIN_VALUE;
      }
      maxTimestamps[slot] = max;
      long min = Long.MAX_VALUE;
      for (long m : maxTimestamps) {
        if (m != UNSEEN) {
          min = Math.min(min, m);
        }
      }
      // as Flink: rows at the watermark are still on time, so it trails by one more millisecond
      long watermark = min - delayMillis - 1;
      if (watermark <= emitted) {
        return Long.MIN_VALUE;
      }
      emitted = watermark;
      return watermark;
    }
  }

  /** A split whose rows the reader has not seen yet: it does not hold the watermark back. */
  private static final long UNSEEN = Long.MIN_VALUE + 1;
}
