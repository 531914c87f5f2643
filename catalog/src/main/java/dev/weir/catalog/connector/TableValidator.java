package dev.weir.catalog.connector;

import dev.weir.catalog.ValidationException;
import dev.weir.catalog.format.BadRecords;
import dev.weir.catalog.format.FormatFactory;
import dev.weir.catalog.types.DataType;
import dev.weir.catalog.options.ConfigOption;
import dev.weir.catalog.options.DidYouMean;
import dev.weir.catalog.options.OptionsValidator;
import dev.weir.catalog.options.ResolvedOptions;
import dev.weir.catalog.schema.Column;
import dev.weir.catalog.schema.TableSchema;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/** Validates a table's {@code WITH} clause and metadata columns against its connector's declaration. */
public final class TableValidator {
  /** The option naming the format, for connectors whose records are bytes. */
  public static final ConfigOption<String> FORMAT = ConfigOption.string("format").required()
      .withFallbackKeys("value.format")
      .withDescription("The format of each record (json, csv, ...); Flink's 'value.format' is accepted too.");

  private TableValidator() {}

  /** The option naming the format of record keys, for connectors that have keys (Flink's spelling). */
  public static final String KEY_FORMAT = "key.format";

  /** Every option a table over this connector accepts, with the given formats' options when it uses them. */
  public static List<ConfigOption<?>> declaredOptions(ConnectorFactory connector, FormatFactory format,
      FormatFactory keyFormat) {
    List<ConfigOption<?>> all = declaredOptions(connector, format);
    if (keyFormat != null && keyFormat != format) {
      all.addAll(keyFormat.options());
    }
    return all;
  }

  /** Every option a table over this connector accepts, with the given format's options when it uses one. */
  public static List<ConfigOption<?>> declaredOptions(ConnectorFactory connector, FormatFactory format) {
    boolean reads = connector.direction().canRead();
    List<ConfigOption<?>> all = new ArrayList<>(TableOptions.ALL);
    if (!reads) {
      all.remove(TableOptions.IDLE_TIMEOUT); // a sink has no watermark to hold back
    }
    all.addAll(connector.options());
    if (connector.usesFormat()) {
      all.add(connector.defaultFormat() == null ? FORMAT
          : ConfigOption.string(FORMAT.key()).defaultValue(connector.defaultFormat())
              .withFallbackKeys(FORMAT.fallbackKeys().toArray(String[]::new)).withDescription(FORMAT.description()));
      if (reads) {
        // what to do with records that do not decode: only where records are read
        all.add(BadRecords.POLICY.restrictedTo(connector.badRecordPolicies()));
        all.add(BadRecords.IGNORE_PARSE_ERRORS);
      }
      if (format != null) {
        all.addAll(format.options());
      }
    }
    return all;
  }

  /** Every option a table over this connector may take, whatever its format: for docs, DESCRIBE and JSON Schema. */
  public static List<ConfigOption<?>> documentedOptions(ConnectorFactory connector, java.util.Collection<FormatFactory> formats) {
    List<ConfigOption<?>> all = declaredOptions(connector, null);
    if (connector.usesFormat()) {
      formats.forEach(f -> all.addAll(f.options()));
    }
    return all;
  }

  public static TableSpec validate(String tableName, TableSchema schema, Map<String, String> options,
      ConnectorRegistry registry) {
    String connectorName = options.get(TableOptions.CONNECTOR.key());
    if (connectorName == null) {
      throw new ValidationException("Table '" + tableName + "' needs a 'connector' option. Available connectors: "
          + String.join(", ", registry.connectors().stream().map(ConnectorFactory::name).toList()) + ".");
    }
    ConnectorFactory connector = registry.connector(connectorName);
    FormatFactory format = null;
    FormatFactory keyFormat = null;
    if (connector.usesFormat()) {
      String keyFormatName = options.get(KEY_FORMAT);
      keyFormat = keyFormatName == null ? null : registry.format(keyFormatName);
      String formatName = options.getOrDefault(FORMAT.key(),
          options.getOrDefault(FORMAT.fallbackKeys().get(0), connector.defaultFormat()));
      format = formatName == null ? null : registry.format(formatName);
    }
    String owner = "connector '" + connector.name() + "'";
    ResolvedOptions resolved = OptionsValidator.validate(owner, options, declaredOptions(connector, format, keyFormat),
        connector.passThroughPrefixes());
    Integer parallelism = resolved.get(TableOptions.PARALLELISM);
    if (parallelism != null && parallelism < 1) {
      throw new ValidationException("Invalid value '" + parallelism + "' for option 'parallelism' of " + owner
          + ": must be at least 1.");
    }
    TableOptions.TableType type = resolved.get(TableOptions.TYPE);
    if (type == TableOptions.TableType.SOURCE && !connector.direction().canRead()) {
      throw new ValidationException("Table '" + tableName + "' has type = 'source', but connector '"
          + connector.name() + "' can only be written to.");
    }
    if (type == TableOptions.TableType.SINK && !connector.direction().canWrite()) {
      throw new ValidationException("Table '" + tableName + "' has type = 'sink', but connector '"
          + connector.name() + "' can only be read from.");
    }
    checkMetadata(tableName, schema, connector);
    checkRows(tableName, schema, format, registry);
    checkRows(tableName, schema, keyFormat, registry);
    TableSpec spec = new TableSpec(tableName, schema, connector, resolved, format, keyFormat);
    connector.validate(spec);
    return spec;
  }

  /** Refuses a ROW column in a format that has no nested records, before anything runs. */
  private static void checkRows(String tableName, TableSchema schema, FormatFactory format,
      ConnectorRegistry registry) {
    if (format == null || format.supportsRows()) {
      return;
    }
    for (Column c : schema.columns()) {
      if (c.kind() == Column.Kind.PHYSICAL && c.type().kind() == DataType.Kind.ROW) {
        throw new ValidationException("Column '" + c.name() + "' of table '" + tableName + "' is a " + c.type().sql()
            + ", which format '" + format.name() + "' cannot hold. Formats with ROW columns: "
            + String.join(", ", registry.formats().stream().filter(FormatFactory::supportsRows)
                .map(FormatFactory::name).sorted().toList()) + ".");
      }
    }
  }

  private static void checkMetadata(String tableName, TableSchema schema, ConnectorFactory connector) {
    List<String> keys = connector.metadataColumns().stream().map(MetadataColumn::key).toList();
    for (Column c : schema.columns()) {
      if (c.kind() != Column.Kind.METADATA && connector.implicitMetadata() && keys.contains(c.name())) {
        MetadataColumn m = connector.metadataColumns().get(keys.indexOf(c.name()));
        throw new ValidationException("Column '" + c.name() + "' of table '" + tableName + "' clashes with the"
            + " metadata column '" + c.name() + "' that connector '" + connector.name() + "' provides. Rename it, or"
            + " declare it as metadata: `" + c.name() + "` " + m.type().withNullable(true).sql() + " METADATA"
            + (m.writable() ? "" : " VIRTUAL") + ".");
      }
      if (c.kind() != Column.Kind.METADATA) {
        continue;
      }
      MetadataColumn known = connector.metadataColumns().stream()
          .filter(m -> m.key().equals(normalize(c.metadataKey()))).findFirst().orElse(null);
      if (known == null) {
        throw new ValidationException("Column '" + c.name() + "' of table '" + tableName + "' reads metadata '"
            + c.metadataKey() + "', which connector '" + connector.name() + "' does not provide."
            + DidYouMean.hint(c.metadataKey(), keys)
            + (keys.isEmpty() ? " It provides no metadata." : " It provides: " + String.join(", ", keys) + "."));
      }
      if (!known.type().withNullable(true).equals(c.type().withNullable(true))) {
        throw new ValidationException("Column '" + c.name() + "' of table '" + tableName + "' reads metadata '"
            + known.key() + "', which is " + known.type().withNullable(true).sql() + ", but is declared "
            + c.type().withNullable(true).sql() + ".");
      }
      if (!c.virtual() && !known.writable()) {
        throw new ValidationException("Column '" + c.name() + "' of table '" + tableName + "' reads metadata '"
            + known.key() + "', which sinks cannot write: declare it VIRTUAL.");
      }
    }
  }

  /**
   * The metadata columns of a connector with {@link ConnectorFactory#implicitMetadata()} that the
   * table does not declare itself: every table over it has them, queryable by name.
   */
  public static List<Column> implicitMetadataColumns(TableSchema schema, ConnectorFactory connector) {
    if (!connector.implicitMetadata()) {
      return List.of();
    }
    List<Column> implicit = new ArrayList<>();
    for (MetadataColumn m : connector.metadataColumns()) {
      boolean declared = schema.columns().stream().anyMatch(c -> c.name().equals(m.key()));
      if (!declared && m.readable()) {
        implicit.add(Column.metadata(m.key(), m.type().withNullable(true), m.key(), true));
      }
    }
    return implicit;
  }

  /** A metadata key as the connector declares it: Flink's {@code 'offset'} is Weir's {@code _offset}. */
  public static String normalize(String metadataKey) {
    return metadataKey.startsWith("_") ? metadataKey : "_" + metadataKey;
  }

  /** Checks that a table may be read from; the message names the table and why not. */
  public static void checkReadable(TableSpec table) {
    if (!table.connector().direction().canRead()) {
      throw new ValidationException("Cannot read from " + table.describe() + ": connector '"
          + table.connector().name() + "' is a sink only.");
    }
    if (table.options().get(TableOptions.TYPE) == TableOptions.TableType.SINK) {
      throw new ValidationException("Cannot read from " + table.describe() + ": it is declared with type = 'sink'.");
    }
  }

  /** Checks that a table may be written to; the message names the table and why not. */
  public static void checkWritable(TableSpec table) {
    if (!table.connector().direction().canWrite()) {
      throw new ValidationException("Cannot write to " + table.describe() + ": connector '"
          + table.connector().name() + "' is a source only.");
    }
    if (table.options().get(TableOptions.TYPE) == TableOptions.TableType.SOURCE) {
      throw new ValidationException("Cannot write to " + table.describe() + ": it is declared with type = 'source'.");
    }
  }
}
