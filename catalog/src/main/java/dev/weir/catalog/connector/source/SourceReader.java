package dev.weir.catalog.connector.source;

import org.apache.arrow.vector.VectorSchemaRoot;

/**
 * Reads splits into Arrow batches. Called from one engine thread at a time; must not block for
 * long, since readers share the engine's threads.
 */
public interface SourceReader extends AutoCloseable {
  /**
   * The next batch, which the caller then owns, or null when none is ready now (see {@link
   * #idleNanos()}) or the input is exhausted (see {@link #isFinished()}).
   */
  VectorSchemaRoot poll() throws Exception;

  /** True once {@link #poll()} will never return a batch again. */
  boolean isFinished();

  /**
   * The split (a Kafka partition, say) that all rows of the batch {@link #poll()} just returned
   * came from, numbered from 0 up to {@link #splitCount()}; or -1 when batches mix splits. With it
   * the engine keeps a watermark per split and forwards their minimum, so a lagging split does not
   * make another split's rows late.
   */
  default int lastBatchSplit() {
    return -1;
  }

  /**
   * How many splits the reader reads now (numbered as {@link #lastBatchSplit()} numbers them). A
   * split that has given no rows yet holds the watermark back, until it has been quiet for the
   * source's idle timeout.
   */
  default int splitCount() {
    return 0;
  }

  /** After {@code poll()} returned null: how long the engine may wait before asking again. */
  default long idleNanos() {
    return 1_000_000L;
  }

  /**
   * Where the reader is: enough to resume right after the last batch {@link #poll()} returned
   * (file and line, generator position, Kafka offsets), in the reader's own bytes; written into
   * checkpoint {@code checkpointId} (or, for the position at the end of the input, into a later
   * one). Null when the connector cannot resume, which makes a checkpointed job fail with the
   * reason.
   */
  default byte[] position(long checkpointId) throws Exception {
    return null;
  }

  /**
   * Resumes from a {@link #position()} of a reader of the same splits; called once, before the
   * first {@link #poll()}.
   */
  default void restore(byte[] position) throws Exception {
    throw new UnsupportedOperationException(getClass().getSimpleName() + " cannot resume from a checkpoint");
  }

  /** The checkpoint {@code checkpointId}, holding the position given last before it, is complete (Kafka commits offsets then). */
  default void notifyCheckpointComplete(long checkpointId) throws Exception {}

  @Override
  void close() throws Exception;
}
