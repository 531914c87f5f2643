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
 */
public record ReaderContext(BufferAllocator allocator, List<Column> columns, int subtask, int parallelism,
    int batchSize, ConnectorMetrics metrics) {

  public Schema arrowSchema() {
    return dev.weir.catalog.schema.TableSchema.arrowSchema(columns);
  }
}
