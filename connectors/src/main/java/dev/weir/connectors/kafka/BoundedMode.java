package dev.weir.connectors.kafka;

import dev.weir.catalog.options.DescribedValue;

/** Where a Kafka source stops ({@code scan.bounded.mode}); anything but unbounded ends the query there. */
public enum BoundedMode implements DescribedValue {
  UNBOUNDED("unbounded", "Never stop."),
  LATEST_OFFSET("latest-offset", "Stop at the end offsets seen when the query starts."),
  GROUP_OFFSETS("group-offsets", "Stop at the consumer group's committed offsets."),
  TIMESTAMP("timestamp", "Stop at 'scan.bounded.timestamp-millis'."),
  SPECIFIC_OFFSETS("specific-offsets", "Stop at the offsets in 'scan.bounded.specific-offsets'.");

  private final String sqlName;
  private final String description;

  BoundedMode(String sqlName, String description) {
    this.sqlName = sqlName;
    this.description = description;
  }

  @Override
  public String sqlName() {
    return sqlName;
  }

  @Override
  public String description() {
    return description;
  }
}
