package dev.weir.catalog.schema;

import dev.weir.catalog.types.DataType;

/**
 * A column of a table.
 *
 * @param name the column's name, case kept
 * @param type its SQL type
 * @param kind where its values come from
 * @param metadataKey for metadata columns, the connector's key ({@code offset}, {@code _key}, ...)
 * @param expression for computed columns, the SQL expression text
 * @param virtual for metadata columns: read-only (not written by sinks)
 * @param comment the column's COMMENT, or null
 */
public record Column(String name, DataType type, Kind kind, String metadataKey, String expression,
    boolean virtual, String comment) {

  /** Where a column's values come from. */
  public enum Kind {
    /** Stored in the record and decoded by the format. */
    PHYSICAL,
    /** Supplied by the connector (Kafka offset, partition, ...). */
    METADATA,
    /** Computed from other columns by an expression. */
    COMPUTED
  }

  public static Column physical(String name, DataType type) {
    return new Column(name, type, Kind.PHYSICAL, null, null, false, null);
  }

  public static Column metadata(String name, DataType type, String key, boolean virtual) {
    return new Column(name, type, Kind.METADATA, key, null, virtual, null);
  }

  public static Column computed(String name, DataType type, String expression) {
    return new Column(name, type, Kind.COMPUTED, null, expression, true, null);
  }

  public Column withComment(String text) {
    return new Column(name, type, kind, metadataKey, expression, virtual, text);
  }

  public boolean isPhysical() {
    return kind == Kind.PHYSICAL;
  }
}
