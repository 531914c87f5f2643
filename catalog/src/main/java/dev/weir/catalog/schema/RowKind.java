package dev.weir.catalog.schema;

import dev.weir.catalog.types.DataType;

/**
 * The kind of change a row of a changelog stream is (Flink's {@code +I -U +U -D}). A changelog
 * batch carries it in one extra TINYINT column, {@link #COLUMN}, after the data columns; an
 * append-only batch has no such column.
 */
public enum RowKind {
  INSERT("+I"),
  UPDATE_BEFORE("-U"),
  UPDATE_AFTER("+U"),
  DELETE("-D");

  /** The name of the row-kind column of changelog batches. */
  public static final String COLUMN = "$row_kind";

  private static final RowKind[] VALUES = values();

  private final String shortString;

  RowKind(String shortString) {
    this.shortString = shortString;
  }

  /** {@code +I}, {@code -U}, {@code +U} or {@code -D}. */
  public String shortString() {
    return shortString;
  }

  /** The value stored in the row-kind column. */
  public byte code() {
    return (byte) ordinal();
  }

  public static RowKind of(byte code) {
    return VALUES[code];
  }

  /** Whether the row adds to the result (+I, +U) rather than retracting from it (-U, -D). */
  public boolean isAccumulate() {
    return this == INSERT || this == UPDATE_AFTER;
  }

  /** The row-kind column. */
  public static Column column() {
    return Column.physical(COLUMN, DataType.of(DataType.Kind.TINYINT).notNull());
  }
}
