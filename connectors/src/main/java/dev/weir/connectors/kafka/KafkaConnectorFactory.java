package dev.weir.connectors.kafka;

import dev.weir.catalog.connector.ConnectorFactory;
import dev.weir.catalog.connector.ConnectorUnavailableException;
import dev.weir.catalog.connector.DeliveryGuarantee;
import dev.weir.catalog.connector.Direction;
import dev.weir.catalog.connector.MetadataColumn;
import dev.weir.catalog.connector.TableSpec;
import dev.weir.catalog.connector.sink.Sink;
import dev.weir.catalog.connector.source.Source;
import dev.weir.catalog.options.ConfigOption;
import dev.weir.catalog.types.DataType;
import java.util.EnumSet;
import java.util.List;
import java.util.Set;

/**
 * {@code kafka}: declared in full so that tables written for Flink or Arroyo validate and describe
 * as they will run; reading or writing them is refused with a clear message until the Kafka client
 * integration lands.
 */
public final class KafkaConnectorFactory implements ConnectorFactory {
  public static final ConfigOption<String> TOPIC = ConfigOption.string("topic")
      .withDescription("The topic to read or write (or use 'topic-pattern').");
  public static final ConfigOption<String> TOPIC_PATTERN = ConfigOption.string("topic-pattern")
      .withDescription("A regular expression of topics to read.");
  public static final ConfigOption<String> BOOTSTRAP_SERVERS = ConfigOption.string("properties.bootstrap.servers")
      .required().withFallbackKeys("bootstrap_servers", "bootstrap.servers")
      .withDescription("Comma-separated host:port pairs of Kafka brokers.");
  public static final ConfigOption<String> GROUP_ID = ConfigOption.string("properties.group.id")
      .withFallbackKeys("group_id").withDescription("The consumer group of a source.");
  public static final ConfigOption<StartupMode> STARTUP_MODE =
      ConfigOption.enumeration("scan.startup.mode", StartupMode.class).defaultValue(StartupMode.GROUP_OFFSETS)
          .withFallbackKeys("source.offset").withDescription("Where a source starts reading.");
  public static final ConfigOption<Long> STARTUP_TIMESTAMP = ConfigOption.longInteger("scan.startup.timestamp-millis")
      .withDescription("Epoch milliseconds to start from, with scan.startup.mode = 'timestamp'.");
  public static final ConfigOption<String> STARTUP_SPECIFIC_OFFSETS =
      ConfigOption.string("scan.startup.specific-offsets")
          .withDescription("'partition:0,offset:42;partition:1,offset:300', with scan.startup.mode = 'specific-offsets'.");
  public static final ConfigOption<BoundedMode> BOUNDED_MODE =
      ConfigOption.enumeration("scan.bounded.mode", BoundedMode.class).defaultValue(BoundedMode.UNBOUNDED)
          .withDescription("Where a source stops; anything but 'unbounded' ends the query there.");
  public static final ConfigOption<IsolationLevel> ISOLATION_LEVEL =
      ConfigOption.enumeration("isolation.level", IsolationLevel.class).defaultValue(IsolationLevel.READ_COMMITTED)
          .withFallbackKeys("source.read_mode").withDescription("Which records a source sees.");
  public static final ConfigOption<DeliveryGuarantee> DELIVERY_GUARANTEE =
      ConfigOption.enumeration("sink.delivery-guarantee", DeliveryGuarantee.class)
          .defaultValue(DeliveryGuarantee.AT_LEAST_ONCE).withFallbackKeys("sink.commit_mode")
          .withDescription("What a sink promises after a failure.");
  public static final ConfigOption<String> KEY_FORMAT = ConfigOption.string("key.format")
      .withDescription("The format of record keys.");
  public static final ConfigOption<String> KEY_FIELDS = ConfigOption.string("key.fields")
      .withDescription("Semicolon-separated columns that form the record key.");
  public static final ConfigOption<Long> RATE_LIMIT = ConfigOption.longInteger("source.rate-limit")
      .withDescription("The most records per second a source reads (to pace a backfill).");

  @Override
  public String name() {
    return "kafka";
  }

  @Override
  public String description() {
    return "Apache Kafka topics (declared; running Kafka tables is not available in this build yet).";
  }

  @Override
  public Direction direction() {
    return Direction.BOTH;
  }

  @Override
  public List<ConfigOption<?>> options() {
    return List.of(TOPIC, TOPIC_PATTERN, BOOTSTRAP_SERVERS, GROUP_ID, STARTUP_MODE, STARTUP_TIMESTAMP,
        STARTUP_SPECIFIC_OFFSETS, BOUNDED_MODE, ISOLATION_LEVEL, DELIVERY_GUARANTEE, KEY_FORMAT, KEY_FIELDS,
        RATE_LIMIT);
  }

  @Override
  public List<String> passThroughPrefixes() {
    return List.of("properties.");
  }

  @Override
  public List<MetadataColumn> metadataColumns() {
    return List.of(
        new MetadataColumn("_key", DataType.of(DataType.Kind.VARBINARY), true, true, "The record's key."),
        new MetadataColumn("_offset", DataType.bigint(), true, false, "The record's offset in its partition."),
        new MetadataColumn("_partition", DataType.of(DataType.Kind.INTEGER), true, true, "The record's partition."),
        new MetadataColumn("_timestamp", DataType.timestamp(), true, true, "The record's timestamp."),
        new MetadataColumn("_topic", DataType.varchar(), true, false, "The record's topic."));
  }

  @Override
  public Set<DeliveryGuarantee> deliveryGuarantees() {
    return EnumSet.of(DeliveryGuarantee.NONE, DeliveryGuarantee.AT_LEAST_ONCE);
  }

  @Override
  public boolean usesFormat() {
    return true;
  }

  private ConnectorUnavailableException unavailable(TableSpec table) {
    return new ConnectorUnavailableException("Connector 'kafka' is not available in this build: " + table.describe()
        + " is declared and validated, but reading and writing Kafka topics is not implemented yet.");
  }

  @Override
  public Source createSource(TableSpec table) {
    throw unavailable(table);
  }

  @Override
  public Sink createSink(TableSpec table) {
    throw unavailable(table);
  }
}
