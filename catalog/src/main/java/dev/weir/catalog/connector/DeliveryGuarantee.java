package dev.weir.catalog.connector;

import dev.weir.catalog.options.DescribedValue;

/** What a sink promises about its output after a failure. */
public enum DeliveryGuarantee implements DescribedValue {
  NONE("none", "Records may be lost or duplicated after a failure."),
  AT_LEAST_ONCE("at-least-once", "Nothing is lost; records may be repeated after a failure."),
  EXACTLY_ONCE("exactly-once", "Nothing is lost and nothing repeated: output is committed with checkpoints.");

  private final String sqlName;
  private final String description;

  DeliveryGuarantee(String sqlName, String description) {
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
