package dev.weir.catalog.connector;

import dev.weir.catalog.options.DescribedValue;
import java.util.List;

/** What a sink promises about its output after a failure. */
public enum DeliveryGuarantee implements DescribedValue {
  NONE("none", "Records may be lost or duplicated after a failure."),
  AT_LEAST_ONCE("at-least-once", "Nothing is lost; records may be repeated after a failure.", "at_least_once"),
  EXACTLY_ONCE("exactly-once", "Nothing is lost and nothing repeated: output is committed with checkpoints.",
      "exactly_once");

  private final String sqlName;
  private final String description;
  private final List<String> aliases;

  DeliveryGuarantee(String sqlName, String description, String... aliases) {
    this.sqlName = sqlName;
    this.description = description;
    this.aliases = List.of(aliases);
  }

  @Override
  public List<String> aliases() {
    return aliases;
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
