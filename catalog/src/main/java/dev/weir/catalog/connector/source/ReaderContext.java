package dev.weir.catalog.connector.source;

import dev.weir.catalog.connector.ConnectorMetrics;
import dev.weir.catalog.schema.Column;
import java.util.List;
import org.apache.arrow.memory.BufferAllocator;
import org.apache.arrow.vector.types.pojo.Schema;

/**
 * What a reader is given by the engine.
 *
 * @param allocator where the reader allocates its batches (ownership passes to the engine)
 * @param columns the columns each batch holds, in order: physical and metadata columns
 * @param subtask this reader's index among {@code parallelism}
 * @param parallelism how many readers the source has
 * @param batchSize the most rows a batch should hold
 * @param metrics counters
 * @param checkpointing whether the job takes checkpoints: its positions are then what a restart
 *     resumes from (Kafka commits offsets to the group only with completed checkpoints)
 */
public record ReaderContext(BufferAllocator allocator, List<Column> columns, int subtask, int parallelism,
    int batchSize, ConnectorMetrics metrics, boolean checkpointing) {

  /** A reader's context in a job without checkpoints. */
  public ReaderContext(BufferAllocator allocator, List<Column> columns, int subtask, int parallelism, int batchSize,
      ConnectorMetrics metrics) {
    this(allocator, columns, subtask, parallelism, batchSize, metrics, false);
  }

  public Schema arrowSchema() {
    return dev.weir.catalog.schema.TableSchema.arrowSchema(columns);
  }
}
