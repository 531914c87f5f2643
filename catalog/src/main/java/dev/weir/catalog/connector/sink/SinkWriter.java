package dev.weir.catalog.connector.sink;

import org.apache.arrow.vector.VectorSchemaRoot;

/** Writes batches out. The engine keeps ownership of each batch: a writer must not close it. */
public interface SinkWriter extends AutoCloseable {
  void write(VectorSchemaRoot batch) throws Exception;

  /** Makes everything written so far durable (called at checkpoints). */
  default void flush() throws Exception {}

  /** The input has ended: flush and finalize the output. */
  default void finish() throws Exception {
    flush();
  }

  @Override
  default void close() throws Exception {}
}
