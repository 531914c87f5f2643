package dev.weir.engine.batch;

import org.apache.arrow.vector.VectorSchemaRoot;

/**
 * One element of a stream. Data and control messages travel on the same channel, so a watermark
 * or barrier is always ordered exactly with respect to the data around it.
 */
public sealed interface StreamElement {

  /** Rows. Whoever receives a batch owns it and must close it or pass it on. */
  record Batch(VectorSchemaRoot root) implements StreamElement {
    public int rows() {
      return root.getRowCount();
    }
  }

  /** No row with an event time at or before {@code timestamp} (epoch millis) will follow. */
  record Watermark(long timestamp) implements StreamElement {
    /** The watermark after the last row of a bounded input: everything is complete. */
    public static final Watermark END = new Watermark(Long.MAX_VALUE);
  }

  /**
   * The stream went idle (no data for a while) or active again. An idle input does not hold back
   * the watermark of the operator it feeds.
   */
  record Idleness(boolean idle) implements StreamElement {
    public static final Idleness IDLE = new Idleness(true);
    public static final Idleness ACTIVE = new Idleness(false);
  }

  /** Marks the point of checkpoint {@code id} in the stream. */
  record CheckpointBarrier(long id) implements StreamElement {}

  /** The stream has ended; nothing follows. */
  enum EndOfInput implements StreamElement { INSTANCE }
}
