package dev.weir.catalog;

import dev.weir.catalog.schema.TableSchema;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * A table as declared by CREATE TABLE.
 *
 * @param name its name, case kept
 * @param schema its columns, watermark and key
 * @param options the WITH clause as written (validated before the table was created)
 * @param comment the table's COMMENT, or null
 */
public record TableDefinition(String name, TableSchema schema, Map<String, String> options, String comment) {
  public TableDefinition {
    options = Collections.unmodifiableMap(new LinkedHashMap<>(options));
  }
}
