package dev.weir.engine.runtime;

import dev.weir.catalog.connector.source.Source;
import dev.weir.catalog.schema.Column;
import dev.weir.engine.time.WatermarkStrategy;
import java.util.List;

/**
 * The source at the head of a vertex.
 *
 * @param name stable name, e.g. {@code scan:orders}
 * @param description what EXPLAIN shows
 * @param source the connector's source
 * @param columns the columns of the batches it produces
 * @param watermark how watermarks are derived, or null without event time
 * @param batchSize the most rows per batch
 * @param idleTimeoutMillis after this long without data a reader is idle and stops holding back
 *     watermarks downstream; 0 never
 */
public record SourceSpec(String name, String description, Source source, List<Column> columns,
    WatermarkStrategy watermark, int batchSize, long idleTimeoutMillis) {

  public SourceSpec(String name, String description, Source source, List<Column> columns,
      WatermarkStrategy watermark, int batchSize) {
    this(name, description, source, columns, watermark, batchSize, 0);
  }
}
