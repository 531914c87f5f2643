package dev.weir.catalog.format;

import dev.weir.catalog.options.ResolvedOptions;
import dev.weir.catalog.schema.Column;
import dev.weir.catalog.schema.RowKind;
import java.util.List;

/**
 * What a decoder or encoder is given.
 *
 * @param columns the columns it reads or writes, in vector order
 * @param options the table's validated options (the format's among them)
 * @param key whether it reads or writes record keys rather than values (a registry subject differs)
 */
public record FormatContext(List<Column> columns, ResolvedOptions options, boolean key) {

  /** The context of a format for record values. */
  public FormatContext(List<Column> columns, ResolvedOptions options) {
    this(columns, options, false);
  }

  /** The context of a format for record keys ('key.format'). */
  public static FormatContext forKey(List<Column> columns, ResolvedOptions options) {
    return new FormatContext(columns, options, true);
  }

  /**
   * The context for batches of {@code columns}, less a changelog's row-kind column: formats see
   * data columns; a changelog format finds the row kind in the vector after them.
   */
  public static FormatContext ofBatch(List<Column> columns, ResolvedOptions options) {
    return new FormatContext(columns.stream().filter(c -> !c.name().equals(RowKind.COLUMN)).toList(), options);
  }
}
