package dev.weir.connectors.kafka;

import dev.weir.catalog.connector.TableSpec;
import dev.weir.catalog.connector.TableValidator;
import dev.weir.catalog.options.ResolvedOptions;
import dev.weir.catalog.schema.Column;
import dev.weir.catalog.schema.RowKind;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

/**
 * Where each column of a Kafka table's batches lives in a record: in the value (decoded by the
 * table's format), in the key (by 'key.format'), or in the record's metadata. Shared by the
 * source and the sink so that both read a table the same way.
 */
final class RecordLayout {
  /** A record's metadata, as columns can hold it. */
  enum Metadata { KEY, OFFSET, PARTITION, TIMESTAMP, HEADERS, TOPIC }

  final List<Column> columns;
  /** Indexes (into {@link #columns}) of the value's columns, in the order the value format sees them. */
  final int[] valueColumns;
  /** Indexes of the key's columns, in 'key.fields' order; empty without 'key.format'. */
  final int[] keyColumns;
  /** For each column, its metadata, or null for value and key columns. */
  final Metadata[] metadata;
  /** The index of the row-kind column of a changelog, or -1 for rows that are all inserts. */
  final int rowKindColumn;
  /**
   * Whether changes are written as upserts by key: a changelog into a table whose format writes
   * rows; retractions (-U, -D) become tombstones.
   */
  final boolean upsert;
  /** Whether the key is the primary key (declared, with no 'key.fields'), in 'key.format' or the value's format. */
  final boolean keyedByPrimaryKey;

  RecordLayout(List<Column> columns, TableSpec table) {
    this.columns = List.copyOf(columns);
    ResolvedOptions options = table.options();
    int kind = -1;
    for (int i = 0; i < columns.size(); i++) {
      if (columns.get(i).name().equals(RowKind.COLUMN)) {
        kind = i;
      }
    }
    this.rowKindColumn = kind;
    this.upsert = kind >= 0 && !table.format().isChangelog();
    // the key: 'key.fields' when given, else the primary key
    this.keyedByPrimaryKey = !options.contains(KafkaConnectorFactory.KEY_FIELDS)
        && !table.schema().primaryKey().isEmpty();
    List<String> keyFields = keyedByPrimaryKey ? table.schema().primaryKey() : keyFields(options);
    boolean exceptKey = options.get(KafkaConnectorFactory.VALUE_FIELDS_INCLUDE) == ValueFieldsInclude.EXCEPT_KEY;
    List<Integer> value = new ArrayList<>();
    int[] key = new int[keyFields.size()];
    Arrays.fill(key, -1);
    metadata = new Metadata[columns.size()];
    for (int i = 0; i < columns.size(); i++) {
      Column c = columns.get(i);
      if (i == rowKindColumn) {
        continue;
      }
      if (c.kind() == Column.Kind.METADATA) {
        metadata[i] = metadataOf(c.metadataKey());
        continue;
      }
      int k = keyFields.indexOf(c.name());
      if (k >= 0) {
        key[k] = i;
      }
      if (k < 0 || !exceptKey) {
        value.add(i);
      }
    }
    this.valueColumns = value.stream().mapToInt(Integer::intValue).toArray();
    this.keyColumns = Arrays.stream(key).filter(i -> i >= 0).toArray();
  }

  static List<String> keyFields(ResolvedOptions options) {
    String fields = options.get(KafkaConnectorFactory.KEY_FIELDS);
    return fields == null ? List.of() : Arrays.stream(fields.split(";")).map(String::trim)
        .filter(f -> !f.isEmpty()).toList();
  }

  private static Metadata metadataOf(String key) {
    return switch (TableValidator.normalize(key)) {
      case "_key" -> Metadata.KEY;
      case "_offset" -> Metadata.OFFSET;
      case "_partition" -> Metadata.PARTITION;
      case "_timestamp" -> Metadata.TIMESTAMP;
      case "_headers" -> Metadata.HEADERS;
      case "_topic" -> Metadata.TOPIC;
      default -> throw new IllegalArgumentException("no Kafka metadata '" + key + "'");
    };
  }

  /** The columns a value format reads or writes: the value columns, and a changelog format also the row kind. */
  int[] valueFormatColumns(boolean changelogFormat) {
    if (!changelogFormat || rowKindColumn < 0) {
      return valueColumns;
    }
    int[] withKind = Arrays.copyOf(valueColumns, valueColumns.length + 1);
    withKind[valueColumns.length] = rowKindColumn;
    return withKind;
  }

  List<Column> columnsAt(int[] indexes) {
    return Arrays.stream(indexes).mapToObj(columns::get).toList();
  }

  /** The index of the column holding {@code m}, or -1. */
  int indexOf(Metadata m) {
    for (int i = 0; i < metadata.length; i++) {
      if (metadata[i] == m) {
        return i;
      }
    }
    return -1;
  }
}
