package dev.weir.connectors.format.json;

import dev.weir.catalog.options.DescribedValue;

/** Flink's {@code json.timestamp-format.standard}: how timestamps are written as text. */
public enum TimestampStandard implements DescribedValue {
  SQL("SQL", "'2015-07-15 00:00:01.123'"),
  ISO_8601("ISO-8601", "'2015-07-15T00:00:01.123'");

  private final String sqlName;
  private final String example;

  TimestampStandard(String sqlName, String example) {
    this.sqlName = sqlName;
    this.example = example;
  }

  @Override
  public String sqlName() {
    return sqlName;
  }

  @Override
  public String description() {
    return "Timestamps written as " + example + "; both forms are accepted when reading.";
  }
}
