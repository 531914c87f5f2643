package dev.weir.engine.operator;

import org.apache.arrow.vector.VectorSchemaRoot;

/**
 * A running operator instance: one per parallel subtask, called by one thread at a time.
 *
 * <p>Only {@link #processBatch} is required; the hooks default to passing control messages on.
 */
public interface Operator extends AutoCloseable {
  default void open(OperatorContext context) throws Exception {}

  /**
   * Processes one batch from input {@code input}. The operator owns {@code batch}: it must close
   * it, or emit it (passing ownership on).
   */
  void processBatch(int input, VectorSchemaRoot batch, Output out) throws Exception;

  /** The combined watermark of all inputs advanced. */
  default void onWatermark(long timestamp, Output out) throws Exception {
    out.emitWatermark(timestamp);
  }

  /**
   * Input {@code input} ended while others go on (a join's bounded side, say). Not called for
   * the last input to end: {@link #onEndOfInput} is.
   */
  default void onInputEnded(int input, Output out) throws Exception {}

  /** All inputs ended; emit whatever is still held. */
  default void onEndOfInput(Output out) throws Exception {}

  /** Releases everything the operator holds (called once, also after a failure). */
  @Override
  default void close() throws Exception {}
}
