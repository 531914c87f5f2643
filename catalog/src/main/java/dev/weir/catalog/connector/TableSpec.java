package dev.weir.catalog.connector;

import dev.weir.catalog.format.FormatFactory;
import dev.weir.catalog.options.ResolvedOptions;
import dev.weir.catalog.schema.TableSchema;

/**
 * A table whose options have been validated against its connector: what a connector is given to
 * create a source or sink.
 *
 * @param name the table's name
 * @param schema its columns
 * @param connector the connector's factory
 * @param options the validated options
 * @param format the format named by the 'format' option, or null when the connector uses none
 * @param keyFormat the format named by the 'key.format' option, or null
 */
public record TableSpec(String name, TableSchema schema, ConnectorFactory connector, ResolvedOptions options,
    FormatFactory format, FormatFactory keyFormat) {

  /** "table 'orders'" — for messages. */
  public String describe() {
    return "table '" + name + "'";
  }
}
