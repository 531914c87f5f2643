package dev.weir.connectors.kafka;

import dev.weir.catalog.ValidationException;
import dev.weir.catalog.connector.ConnectorFactory;
import dev.weir.catalog.connector.DeliveryGuarantee;
import dev.weir.catalog.connector.Direction;
import dev.weir.catalog.connector.MetadataColumn;
import dev.weir.catalog.connector.TableSpec;
import dev.weir.catalog.connector.sink.Sink;
import dev.weir.catalog.connector.source.Source;
import dev.weir.catalog.format.BadRecords;
import dev.weir.catalog.options.ConfigOption;
import java.util.List;
import java.util.Set;

/**
 * {@code upsert-kafka}, Flink's connector for a topic of the latest value per key: the table's
 * PRIMARY KEY is the record key. Read, each record is the new row of its key and a tombstone
 * deletes it: a changelog, made complete (-U before +U, whole rows in -D) by remembering each key's
 * latest record. Written, it takes updating queries as upserts and tombstones, as {@code kafka}
 * does for a table with a primary key. Everything else is the {@code kafka} connector's.
 */
public final class UpsertKafkaConnectorFactory implements ConnectorFactory {
  private final KafkaConnectorFactory kafka = new KafkaConnectorFactory();

  @Override
  public String name() {
    return "upsert-kafka";
  }

  @Override
  public String description() {
    return "A Kafka topic as a table of the latest value per key (Flink's upsert-kafka): read as a changelog,"
        + " written as upserts and tombstones.";
  }

  @Override
  public Direction direction() {
    return Direction.BOTH;
  }

  @Override
  public List<ConfigOption<?>> options() {
    return kafka.options();
  }

  @Override
  public List<String> passThroughPrefixes() {
    return kafka.passThroughPrefixes();
  }

  @Override
  public List<MetadataColumn> metadataColumns() {
    return kafka.metadataColumns();
  }

  @Override
  public boolean implicitMetadata() {
    return true;
  }

  @Override
  public Set<DeliveryGuarantee> deliveryGuarantees() {
    return kafka.deliveryGuarantees();
  }

  @Override
  public boolean usesFormat() {
    return true;
  }

  @Override
  public Set<BadRecords.Policy> badRecordPolicies() {
    return kafka.badRecordPolicies();
  }

  @Override
  public void validate(TableSpec table) {
    if (table.schema().primaryKey().isEmpty()) {
      throw new ValidationException(table.describe() + ": connector 'upsert-kafka' needs a PRIMARY KEY (...) NOT"
          + " ENFORCED: the key of each record.");
    }
    if (table.options().contains(KafkaConnectorFactory.KEY_FIELDS)) {
      throw new ValidationException(table.describe() + ": connector 'upsert-kafka' keys records by the PRIMARY KEY;"
          + " drop 'key.fields'.");
    }
    kafka.validate(table);
  }

  @Override
  public boolean producesChangelog(TableSpec table) {
    return true;
  }

  @Override
  public String whyNoChangelog(TableSpec table) {
    return kafka.whyNoChangelog(table);
  }

  @Override
  public Source createSource(TableSpec table) {
    return kafka.createSource(table);
  }

  @Override
  public Sink createSink(TableSpec table) {
    return kafka.createSink(table);
  }
}
