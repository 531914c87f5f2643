package dev.weir.catalog.connector;

import dev.weir.catalog.connector.sink.Sink;
import dev.weir.catalog.format.BadRecords;
import dev.weir.catalog.connector.source.Source;
import dev.weir.catalog.options.ConfigOption;
import java.util.EnumSet;
import java.util.List;
import java.util.Set;

/**
 * A connector's declaration and the factory of its sources and sinks. Registered in
 * {@code META-INF/services/dev.weir.catalog.connector.ConnectorFactory}.
 *
 * <p>Everything users see of a connector before it runs (validation, {@code DESCRIBE CONNECTOR},
 * JSON Schema, docs) is derived from this declaration.
 */
public interface ConnectorFactory {
  /** The name written in {@code 'connector' = '...'}. */
  String name();

  /** One sentence. */
  String description();

  default String version() {
    return "0.1.0";
  }

  Direction direction();

  /** The connector's own options; {@link TableOptions} and, for format users, the format's options are added. */
  List<ConfigOption<?>> options();

  /** Key prefixes passed through unchecked (e.g. {@code properties.} for Kafka client settings). */
  default List<String> passThroughPrefixes() {
    return List.of();
  }

  default List<MetadataColumn> metadataColumns() {
    return List.of();
  }

  /**
   * Whether every table over this connector exposes all its metadata columns without declaring
   * them (Kafka's {@code _offset}, ...): queryable by name, left out of {@code SELECT *}.
   */
  default boolean implicitMetadata() {
    return false;
  }

  /** The bad-record policies this connector can carry out (a dead letter needs somewhere to send records). */
  default Set<BadRecords.Policy> badRecordPolicies() {
    return EnumSet.of(BadRecords.Policy.FAIL, BadRecords.Policy.SKIP);
  }

  default Set<DeliveryGuarantee> deliveryGuarantees() {
    return EnumSet.of(DeliveryGuarantee.AT_LEAST_ONCE);
  }

  /** Whether records are bytes that a format turns into rows: then {@code format} and its options apply. */
  default boolean usesFormat() {
    return false;
  }

  /** The format used when a table gives no 'format' option, or null to require one. */
  default String defaultFormat() {
    return null;
  }

  /**
   * Whether reading this table gives changes (+I, -U, +U, -D) rather than rows: by default when its
   * format's records are change events (Debezium); a connector may make them itself (upsert-kafka).
   */
  default boolean producesChangelog(TableSpec table) {
    return table.format() != null && table.format().isChangelog();
  }

  /**
   * Why this table cannot take an updating (changelog) input, or null when it can. By default a
   * sink can when its format writes changes (Debezium JSON).
   */
  default String whyNoChangelog(TableSpec table) {
    return table.format() != null && table.format().isChangelog() ? null
        : "connector '" + name() + "' writes rows, not changes; use a changelog format such as 'debezium-json'";
  }

  /** Checks what the options alone cannot (e.g. that the columns are ones the connector can fill). */
  default void validate(TableSpec table) {}

  default Source createSource(TableSpec table) {
    throw new UnsupportedOperationException("connector '" + name() + "' cannot be read from");
  }

  default Sink createSink(TableSpec table) {
    throw new UnsupportedOperationException("connector '" + name() + "' cannot be written to");
  }
}
