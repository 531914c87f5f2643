package dev.weir.engine.time;

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

  /** Per-reader state. */
  public final class Generator {
    private long maxTimestamp = Long.MIN_VALUE;

    /** Observes a batch; returns the new watermark, or {@code Long.MIN_VALUE} if it did not advance. */
    public long onBatch(VectorSchemaRoot batch) {
      TimeStampVector v = (TimeStampVector) batch.getVector(column);
      long before = maxTimestamp;
      for (int i = 0, n = batch.getRowCount(); i < n; i++) {
        if (!v.isNull(i)) {
          long t = v.get(i);
          if (t > maxTimestamp) {
            maxTimestamp = t;
          }
        }
      }
      // as Flink: rows at the watermark are still on time, so it trails by one more millisecond
      return maxTimestamp > before ? maxTimestamp - delayMillis - 1 : Long.MIN_VALUE;
    }
  }
}
