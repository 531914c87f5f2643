package dev.weir.engine.operator;

import org.apache.arrow.vector.VectorSchemaRoot;

/** Where an operator sends what it produces. */
public interface Output {
  /** Emits a batch; ownership passes to the output. Empty batches are closed and dropped. */
  void emit(VectorSchemaRoot batch);

  /** Forwards a watermark downstream. */
  void emitWatermark(long timestamp);

  /** Ends the stream early (a LIMIT that has its rows): nothing more will be emitted. */
  void endOfInput();
}
