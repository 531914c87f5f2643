package dev.weir.catalog.format;

import dev.weir.catalog.options.ResolvedOptions;
import dev.weir.catalog.schema.Column;
import java.util.List;

/**
 * What a decoder or encoder is given.
 *
 * @param columns the columns it reads or writes, in vector order
 * @param options the table's validated options (the format's among them)
 */
public record FormatContext(List<Column> columns, ResolvedOptions options) {}
