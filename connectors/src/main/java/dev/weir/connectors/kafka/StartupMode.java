package dev.weir.connectors.kafka;

import dev.weir.catalog.options.DescribedValue;
import java.util.List;

/** Where a Kafka source starts reading ({@code scan.startup.mode}). */
public enum StartupMode implements DescribedValue {
  EARLIEST_OFFSET("earliest-offset", "From the earliest offset of each partition.", "earliest"),
  LATEST_OFFSET("latest-offset", "From the end of each partition: only new records.", "latest"),
  GROUP_OFFSETS("group-offsets", "From the offsets committed by the consumer group.", "group"),
  TIMESTAMP("timestamp", "From the first record at or after 'scan.startup.timestamp-millis'."),
  SPECIFIC_OFFSETS("specific-offsets", "From the offsets in 'scan.startup.specific-offsets'.");

  private final String sqlName;
  private final String description;
  private final List<String> aliases;

  StartupMode(String sqlName, String description, String... aliases) {
    this.sqlName = sqlName;
    this.description = description;
    this.aliases = List.of(aliases);
  }

  @Override
  public String sqlName() {
    return sqlName;
  }

  @Override
  public String description() {
    return description;
  }

  @Override
  public List<String> aliases() {
    return aliases;
  }
}
