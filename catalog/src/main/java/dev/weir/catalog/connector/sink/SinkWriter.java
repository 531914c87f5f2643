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

  /**
   * Phase one of a checkpoint: what was written since the last one is made ready to be committed
   * (an at-least-once writer flushes; an exactly-once one closes its transaction or in-progress
   * file without making it visible). Returns what a writer restored from this checkpoint needs to
   * finish the job (a transaction id, file names), or an empty array.
   */
  default byte[] precommit(long checkpointId) throws Exception {
    flush();
    return new byte[0];
  }

  /**
   * Phase two: checkpoint {@code checkpointId} is complete, so what {@link #precommit} prepared
   * for it (and for earlier ones not yet committed) becomes visible.
   */
  default void commit(long checkpointId) throws Exception {}

  /**
   * Before anything is written after a restore: commit what the checkpoint's {@link #precommit}
   * prepared, if the process died before it did, and discard whatever was written after that
   * checkpoint, which the job will write again.
   */
  default void recover(byte[] precommitted) throws Exception {}

  @Override
  default void close() throws Exception {}
}
