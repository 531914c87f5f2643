package dev.weir.engine.time;

import dev.weir.engine.operator.calc.CalcProgram;
import java.util.Arrays;
import java.util.function.Supplier;
import org.apache.arrow.vector.TimeStampVector;
import org.apache.arrow.vector.VectorSchemaRoot;

/**
 * Bounded out-of-orderness: the watermark trails the largest event time seen by {@code delayMillis}
 * (Flink's {@code WATERMARK FOR ts AS ts - INTERVAL ...}). One instance per source reader.
 *
 * @param column the index of the event-time column in the source's batches (ignored with {@code eventTime})
 * @param delayMillis how far the watermark trails
 * @param eventTime for {@code WATERMARK FOR} a computed column: a program that computes event time
 *     (its one output column) from a source batch, one instance per reader; else null
 */
public record WatermarkStrategy(int column, long delayMillis, Supplier<CalcProgram> eventTime) {
  /** Event time read from column {@code column} of the source's batches. */
  public WatermarkStrategy(int column, long delayMillis) {
    this(column, delayMillis, null);
  }

  /**
   * Processing time: the watermark is the wall clock (less a millisecond), on every batch and
   * while the source is quiet, so windows over {@code PROCTIME()} close as the clock passes them.
   */
  public static WatermarkStrategy processingTime() {
    return new WatermarkStrategy(-1, 0);
  }

  public boolean isProcessingTime() {
    return column < 0 && eventTime == null;
  }

  /**
   * Per-reader state.
   *
   * @param idleTimeoutNanos after this long without rows a split stops holding the watermark back; 0 never
   */
  public Generator newGenerator(long idleTimeoutNanos) {
    return new Generator(idleTimeoutNanos);
  }

  /**
   * The largest event time of each split of one reader (a reader whose batches mix splits has
   * one slot). The watermark follows the smallest over the splits that are not idle; a split
   * without rows yet holds it back.
   */
  public final class Generator {
    private final long idleTimeoutNanos;
    private long[] maxTimestamps = new long[0];
    private long[] lastActiveNanos = new long[0];
    private boolean perSplit;
    private long emitted = Long.MIN_VALUE;
    private final CalcProgram eventTimeProgram;

    private Generator(long idleTimeoutNanos) {
      this.idleTimeoutNanos = idleTimeoutNanos;
      this.eventTimeProgram = eventTime == null ? null : eventTime.get();
    }

    /**
     * Observes a batch whose rows all come from split {@code split} (-1: unknown, mixed) of the
     * reader's {@code splits}; returns the new watermark, or {@code Long.MIN_VALUE} if it did not
     * advance.
     */
    public long onBatch(VectorSchemaRoot batch, int split, int splits, long nowNanos) {
      if (isProcessingTime()) {
        return clock();
      }
      int slot = split + 1;
      grow(Math.max(slot + 1, splits + 1), nowNanos);
      if (eventTimeProgram == null) {
        observe((TimeStampVector) batch.getVector(column), slot);
      } else {
        // computed, and released at once, in the batch's own allocator
        try (VectorSchemaRoot times = eventTimeProgram.apply(batch, batch.getFieldVectors().get(0).getAllocator())) {
          observe((TimeStampVector) times.getVector(0), slot);
        }
      }
      lastActiveNanos[slot] = nowNanos;
      perSplit |= split >= 0;
      return advance(nowNanos);
    }

    private void observe(TimeStampVector v, int slot) {
      long max = maxTimestamps[slot];
      for (int i = 0, n = v.getValueCount(); i < n; i++) {
        if (!v.isNull(i)) {
          long t = v.get(i);
          if (t > max) {
            max = t;
          }
        }
      }
      maxTimestamps[slot] = max;
    }

    /**
     * Called while the reader has no rows: splits that have now been quiet for the idle timeout
     * stop holding the watermark back. Returns the new watermark, or {@code Long.MIN_VALUE}.
     */
    public long onIdle(long nowNanos) {
      if (isProcessingTime()) {
        return clock();
      }
      return idleTimeoutNanos > 0 && maxTimestamps.length > 0 ? advance(nowNanos) : Long.MIN_VALUE;
    }

    /**
     * The smallest maximum over the splits that are not idle; when every split is idle, over the
     * splits that have given rows, so that the last windows of a stream that has gone quiet close
     * once the idle timeout has passed.
     */
    private long advance(long nowNanos) {
      long active = Long.MAX_VALUE;
      long seen = Long.MAX_VALUE;
      // slot 0 is "mixed": used only by readers without splits
      for (int s = perSplit ? 1 : 0; s < maxTimestamps.length; s++) {
        boolean idle = idleTimeoutNanos > 0 && nowNanos - lastActiveNanos[s] >= idleTimeoutNanos;
        if (!idle) {
          active = Math.min(active, maxTimestamps[s]);
        }
        if (maxTimestamps[s] != Long.MIN_VALUE) {
          seen = Math.min(seen, maxTimestamps[s]);
        }
      }
      long min = active != Long.MAX_VALUE ? active : seen;
      if (min == Long.MIN_VALUE || min == Long.MAX_VALUE) {
        return Long.MIN_VALUE; // a split without rows yet holds it back
      }
      // as Flink: rows at the watermark are still on time, so it trails by one more millisecond
      long watermark = min - delayMillis - 1;
      if (watermark <= emitted) {
        return Long.MIN_VALUE;
      }
      emitted = watermark;
      return watermark;
    }

    /** The wall clock less a millisecond, if that is later than the last watermark; else {@code Long.MIN_VALUE}. */
    private long clock() {
      long watermark = System.currentTimeMillis() - 1;
      if (watermark <= emitted) {
        return Long.MIN_VALUE;
      }
      emitted = watermark;
      return watermark;
    }

    /** Makes room for {@code slots} slots; a new split counts as active from now, without rows. */
    private void grow(int slots, long nowNanos) {
      int old = maxTimestamps.length;
      if (slots <= old) {
        return;
      }
      maxTimestamps = Arrays.copyOf(maxTimestamps, slots);
      lastActiveNanos = Arrays.copyOf(lastActiveNanos, slots);
      Arrays.fill(maxTimestamps, old, slots, Long.MIN_VALUE);
      Arrays.fill(lastActiveNanos, old, slots, nowNanos);
    }
  }
}
