package dev.weir.connectors.kafka;

import dev.weir.catalog.options.DescribedValue;
import java.util.List;

/** Which records a Kafka source sees ({@code isolation.level}). */
public enum IsolationLevel implements DescribedValue {
  READ_COMMITTED("read_committed", "Only records of committed transactions.", "read-committed"),
  READ_UNCOMMITTED("read_uncommitted", "All records, including those of aborted transactions.", "read-uncommitted");

  private final String sqlName;
  private final String description;
  private final List<String> aliases;

  IsolationLevel(String sqlName, String description, String... aliases) {
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
