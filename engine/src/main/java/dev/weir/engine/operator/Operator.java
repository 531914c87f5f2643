package dev.weir.engine.operator;

import dev.weir.engine.state.StateReader;
import dev.weir.engine.state.StateWriter;
import java.io.IOException;
import org.apache.arrow.vector.VectorSchemaRoot;

/**
 * A running operator instance: one per parallel subtask, called by one thread at a time.
 *
 * <p>Only {@link #processBatch} is required; the hooks default to passing control messages on.
 *
 * <p>An operator that holds anything between batches (keys, accumulators, rows, a watermark)
 * writes all of it in {@link #snapshotState} and reads it back in {@link #restoreState}: that pair
 * is the one interface through which checkpoints see state. The engine decides when; the
 * operator only says what.
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

  /**
   * Writes everything this instance holds for a checkpoint, between two elements. It must not
   * change the state: processing goes on after it.
   */
  default void snapshotState(StateWriter out) throws IOException {}

  /** Replaces this freshly opened instance's state by what {@link #snapshotState} wrote. */
  default void restoreState(StateReader in) throws IOException {}

  /** Releases everything the operator holds (called once, also after a failure). */
  @Override
  default void close() throws Exception {}
}
