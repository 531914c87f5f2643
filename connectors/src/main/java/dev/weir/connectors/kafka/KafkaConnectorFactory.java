package dev.weir.connectors.kafka;

import dev.weir.catalog.ValidationException;
import dev.weir.catalog.connector.ConnectorFactory;
import dev.weir.catalog.connector.DeliveryGuarantee;
import dev.weir.catalog.connector.Direction;
import dev.weir.catalog.connector.MetadataColumn;
import dev.weir.catalog.connector.TableSpec;
import dev.weir.catalog.connector.TableValidator;
import dev.weir.catalog.connector.sink.Sink;
import dev.weir.catalog.connector.source.Source;
import dev.weir.catalog.format.BadRecords;
import dev.weir.catalog.options.ConfigOption;
import dev.weir.catalog.options.DidYouMean;
import dev.weir.catalog.schema.Column;
import dev.weir.catalog.types.DataType;
import java.time.Duration;
import java.util.EnumSet;
import java.util.List;
import java.util.Set;

/**
 * {@code kafka}: topics read by a consumer per parallel reader and written by a producer per
 * parallel writer, with the record's value (and optionally its key) in a format, and Kafka's
 * record metadata as columns. Option spellings are Flink's, with Arroyo's as aliases.
 */
public final class KafkaConnectorFactory implements ConnectorFactory {
  public static final ConfigOption<String> TOPIC = ConfigOption.string("topic")
      .withDescription("The topic to read or write; a source may name several, separated by ';'.");
  public static final ConfigOption<String> TOPIC_PATTERN = ConfigOption.string("topic-pattern")
      .withDescription("A regular expression of topics to read (instead of 'topic'); new matching topics are picked up.");
  public static final ConfigOption<String> BOOTSTRAP_SERVERS = ConfigOption.string("properties.bootstrap.servers")
      .required().withFallbackKeys("bootstrap_servers", "bootstrap.servers")
      .withDescription("Comma-separated host:port pairs of Kafka brokers.");
  public static final ConfigOption<String> GROUP_ID = ConfigOption.string("properties.group.id")
      .withFallbackKeys("group_id")
      .withDescription("The consumer group of a source: its committed offsets are where 'group-offsets' starts, and"
          + " a source commits the offsets it has read there.");
  public static final ConfigOption<StartupMode> STARTUP_MODE =
      ConfigOption.enumeration("scan.startup.mode", StartupMode.class).defaultValue(StartupMode.GROUP_OFFSETS)
          .withFallbackKeys("source.offset")
          .withDescription("Where a source starts reading. With 'group-offsets', a partition without a committed"
              + " offset starts where 'properties.auto.offset.reset' says (default: latest).");
  public static final ConfigOption<Long> STARTUP_TIMESTAMP = ConfigOption.longInteger("scan.startup.timestamp-millis")
      .withDescription("Epoch milliseconds to start from, with scan.startup.mode = 'timestamp'.");
  public static final ConfigOption<String> STARTUP_SPECIFIC_OFFSETS =
      ConfigOption.string("scan.startup.specific-offsets")
          .withDescription("'partition:0,offset:42;partition:1,offset:300', with scan.startup.mode = 'specific-offsets'"
              + " (other partitions start at the earliest offset).");
  public static final ConfigOption<BoundedMode> BOUNDED_MODE =
      ConfigOption.enumeration("scan.bounded.mode", BoundedMode.class).defaultValue(BoundedMode.UNBOUNDED)
          .withDescription("Where a source stops; anything but 'unbounded' makes the table bounded, and a query over"
              + " it ends there.");
  public static final ConfigOption<Long> BOUNDED_TIMESTAMP = ConfigOption.longInteger("scan.bounded.timestamp-millis")
      .withDescription("Epoch milliseconds to stop at (exclusive), with scan.bounded.mode = 'timestamp'.");
  public static final ConfigOption<String> BOUNDED_SPECIFIC_OFFSETS =
      ConfigOption.string("scan.bounded.specific-offsets")
          .withDescription("'partition:0,offset:42;...' to stop at (exclusive), with scan.bounded.mode ="
              + " 'specific-offsets' (other partitions stop at their end when the query starts).");
  public static final ConfigOption<Duration> PARTITION_DISCOVERY =
      ConfigOption.duration("scan.topic-partition-discovery.interval").defaultValue(Duration.ofSeconds(10))
          .withDescription("How often an unbounded source looks for new partitions (and topics of 'topic-pattern');"
              + " 0 never.");
  public static final ConfigOption<IsolationLevel> ISOLATION_LEVEL =
      ConfigOption.enumeration("isolation.level", IsolationLevel.class).defaultValue(IsolationLevel.READ_COMMITTED)
          .withFallbackKeys("source.read_mode", "properties.isolation.level")
          .withDescription("Which records a source sees.");
  public static final ConfigOption<Long> RATE_LIMIT = ConfigOption.longInteger("source.rate-limit")
      .withDescription("The most records per second each source reader reads (to pace a backfill); unset: no limit.");
  public static final ConfigOption<String> KEY_FORMAT = ConfigOption.string(TableValidator.KEY_FORMAT)
      .withDescription("The format of record keys, holding the columns of 'key.fields'.");
  public static final ConfigOption<String> KEY_FIELDS = ConfigOption.string("key.fields")
      .withDescription("Semicolon-separated physical columns that form the record key (needs 'key.format').");
  public static final ConfigOption<ValueFieldsInclude> VALUE_FIELDS_INCLUDE =
      ConfigOption.enumeration("value.fields-include", ValueFieldsInclude.class).defaultValue(ValueFieldsInclude.ALL)
          .withDescription("Whether the record value also holds the key columns.");
  public static final ConfigOption<DeliveryGuarantee> DELIVERY_GUARANTEE =
      ConfigOption.enumeration("sink.delivery-guarantee", DeliveryGuarantee.class)
          .defaultValue(DeliveryGuarantee.AT_LEAST_ONCE).withFallbackKeys("sink.commit_mode")
          .withDescription("What a sink promises after a failure. 'at-least-once' waits for every record to be"
              + " acknowledged at each checkpoint and at the end; 'exactly-once' writes in Kafka transactions that"
              + " commit with each checkpoint, which read_committed consumers see once (it needs checkpoints, and"
              + " brokers of Kafka 4.0 or later).");
  public static final ConfigOption<String> TRANSACTIONAL_ID_PREFIX =
      ConfigOption.string("sink.transactional-id-prefix")
          .withDescription("With 'exactly-once': the prefix of the sink's transactional ids (each writer uses"
              + " '<prefix>-<subtask>-<n>'); it must stay the same across restarts and differ between pipelines."
              + " Default: 'weir-' and the pipeline's name.");
  public static final ConfigOption<SinkPartitioner> PARTITIONER =
      ConfigOption.enumeration("sink.partitioner", SinkPartitioner.class).defaultValue(SinkPartitioner.DEFAULT)
          .withDescription("How a sink picks each record's partition (a '_partition' column, when written, wins).");
  public static final ConfigOption<String> DEAD_LETTER_TOPIC = ConfigOption.string("dead-letter.topic")
      .withDescription("With 'bad-records' = 'dead-letter': the topic (on the same brokers) that receives each"
          + " undecodable record's raw key and value, with headers saying why and where it came from.");
  public static final ConfigOption<Duration> CONNECT_TIMEOUT = ConfigOption.duration("connect.timeout")
      .defaultValue(Duration.ofSeconds(30))
      .withDescription("How long a source or sink keeps retrying, with backoff, to reach the brokers when it"
          + " starts before it fails.");

  /** The metadata every Kafka table exposes; queryable by name without being declared. */
  static final List<MetadataColumn> METADATA = List.of(
      new MetadataColumn("_key", DataType.of(DataType.Kind.VARBINARY), true, true, "The record's key, as bytes."),
      new MetadataColumn("_offset", DataType.bigint(), true, false, "The record's offset in its partition."),
      new MetadataColumn("_partition", DataType.of(DataType.Kind.INTEGER), true, true, "The record's partition."),
      new MetadataColumn("_timestamp", DataType.timestamp(), true, true,
          "The record's timestamp (UTC); written as the message timestamp by sinks."),
      new MetadataColumn("_headers", DataType.map(DataType.varchar(), DataType.of(DataType.Kind.VARBINARY)), true, true,
          "The record's headers; written as message headers by sinks."),
      new MetadataColumn("_topic", DataType.varchar(), true, false, "The record's topic."));

  @Override
  public String name() {
    return "kafka";
  }

  @Override
  public String description() {
    return "Apache Kafka topics: a consumer per source reader, a producer per sink writer.";
  }

  @Override
  public Direction direction() {
    return Direction.BOTH;
  }

  @Override
  public List<ConfigOption<?>> options() {
    return List.of(TOPIC, TOPIC_PATTERN, BOOTSTRAP_SERVERS, GROUP_ID, STARTUP_MODE, STARTUP_TIMESTAMP,
        STARTUP_SPECIFIC_OFFSETS, BOUNDED_MODE, BOUNDED_TIMESTAMP, BOUNDED_SPECIFIC_OFFSETS, PARTITION_DISCOVERY,
        ISOLATION_LEVEL, RATE_LIMIT, KEY_FORMAT, KEY_FIELDS, VALUE_FIELDS_INCLUDE, DELIVERY_GUARANTEE,
        TRANSACTIONAL_ID_PREFIX, PARTITIONER, DEAD_LETTER_TOPIC, CONNECT_TIMEOUT);
  }

  @Override
  public List<String> passThroughPrefixes() {
    return List.of("properties.");
  }

  @Override
  public List<MetadataColumn> metadataColumns() {
    return METADATA;
  }

  @Override
  public boolean implicitMetadata() {
    return true;
  }

  @Override
  public Set<DeliveryGuarantee> deliveryGuarantees() {
    return EnumSet.of(DeliveryGuarantee.NONE, DeliveryGuarantee.AT_LEAST_ONCE, DeliveryGuarantee.EXACTLY_ONCE);
  }

  @Override
  public boolean usesFormat() {
    return true;
  }

  @Override
  public Set<BadRecords.Policy> badRecordPolicies() {
    return EnumSet.allOf(BadRecords.Policy.class);
  }

  @Override
  public void validate(TableSpec table) {
    var o = table.options();
    boolean hasTopic = o.contains(TOPIC);
    if (hasTopic == o.contains(TOPIC_PATTERN)) {
      throw new ValidationException(table.describe() + " needs exactly one of the options 'topic' and 'topic-pattern'.");
    }
    requireWith(table, STARTUP_MODE, StartupMode.TIMESTAMP, STARTUP_TIMESTAMP);
    requireWith(table, STARTUP_MODE, StartupMode.SPECIFIC_OFFSETS, STARTUP_SPECIFIC_OFFSETS);
    requireWith(table, BOUNDED_MODE, BoundedMode.TIMESTAMP, BOUNDED_TIMESTAMP);
    requireWith(table, BOUNDED_MODE, BoundedMode.SPECIFIC_OFFSETS, BOUNDED_SPECIFIC_OFFSETS);
    if (o.contains(STARTUP_SPECIFIC_OFFSETS)) {
      PartitionOffsets.parse(o.get(STARTUP_SPECIFIC_OFFSETS), STARTUP_SPECIFIC_OFFSETS.key());
    }
    if (o.contains(BOUNDED_SPECIFIC_OFFSETS)) {
      PartitionOffsets.parse(o.get(BOUNDED_SPECIFIC_OFFSETS), BOUNDED_SPECIFIC_OFFSETS.key());
    }
    if (o.get(BOUNDED_MODE) == BoundedMode.GROUP_OFFSETS && !o.contains(GROUP_ID)) {
      throw new ValidationException(table.describe() + ": scan.bounded.mode = 'group-offsets' needs"
          + " 'properties.group.id'.");
    }
    if (BadRecords.policy(o) == BadRecords.Policy.DEAD_LETTER && !o.contains(DEAD_LETTER_TOPIC)) {
      throw new ValidationException(table.describe() + ": 'bad-records' = 'dead-letter' needs 'dead-letter.topic'.");
    }
    if (o.contains(KEY_FIELDS) && !o.contains(KEY_FORMAT)) {
      throw new ValidationException(table.describe() + ": 'key.fields' needs 'key.format', the format that encodes"
          + " the key columns.");
    }
    if (o.contains(KEY_FORMAT) && !o.contains(KEY_FIELDS) && table.schema().primaryKey().isEmpty()) {
      throw new ValidationException(table.describe() + ": 'key.format' encodes the key columns: name them with"
          + " 'key.fields', or declare a PRIMARY KEY.");
    }
    if (o.contains(KEY_FIELDS)) {
      List<String> physical = table.schema().physicalColumns().stream().map(Column::name).toList();
      for (String field : RecordLayout.keyFields(o)) {
        if (!physical.contains(field)) {
          throw new ValidationException("'key.fields' of " + table.describe() + " names '" + field
              + "', which is not a physical column." + DidYouMean.hint(field, physical));
        }
      }
    }
  }

  private static <E extends Enum<E>> void requireWith(TableSpec table, ConfigOption<E> mode, E value,
      ConfigOption<?> needed) {
    if (table.options().get(mode) == value && !table.options().contains(needed)) {
      throw new ValidationException(table.describe() + ": '" + mode.key() + "' = '"
          + ((dev.weir.catalog.options.DescribedValue) value).sqlName() + "' needs '" + needed.key() + "'.");
    }
  }

  /** A changelog is written as upserts by primary key (Flink's upsert-kafka), or as change events by its format. */
  @Override
  public String whyNoChangelog(TableSpec table) {
    if (table.format().isChangelog()) {
      return null;
    }
    if (!table.schema().primaryKey().isEmpty()) {
      // a key's tombstone and its new row must land on one partition: the key's
      return table.options().get(PARTITIONER) == SinkPartitioner.DEFAULT ? null
          : "upserts by key go to the key's partition, so 'sink.partitioner' must be 'default'";
    }
    return "connector 'kafka' writes updates as upserts by key: declare PRIMARY KEY (...) NOT ENFORCED on "
        + table.describe() + ", or use a changelog format such as 'debezium-json'";
  }

  @Override
  public Source createSource(TableSpec table) {
    return new KafkaSource(table);
  }

  /** Where a source starts: as 'scan.startup.mode' says, else from the group's offsets (upsert-kafka: the beginning). */
  static StartupMode startupMode(TableSpec table) {
    if (table.options().contains(STARTUP_MODE) || !(table.connector() instanceof UpsertKafkaConnectorFactory)) {
      return table.options().get(STARTUP_MODE);
    }
    return StartupMode.EARLIEST_OFFSET; // a table of the latest value per key is read from its beginning
  }

  @Override
  public Sink createSink(TableSpec table) {
    if (table.options().contains(TOPIC_PATTERN) || table.options().get(TOPIC).contains(";")) {
      throw new ValidationException("Cannot write to " + table.describe() + ": a sink writes one topic; give it"
          + " with 'topic'.");
    }
    return new KafkaSink(table);
  }
}
